// Second clients nobody here wrote: the AWS CLI (deploy twice, a waiter, list-exports, CloudWatch
// over botocore's AWS JSON 1.0) and boto3's paginators. Each part is skipped, with the reason in its
// name, where the tool is not installed.
import { execFile, execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startSandbox, type RunningSandbox } from "./testing/spawn";

const run = promisify(execFile);

function has(cmd: string, args: string[]): boolean {
  try {
    execFileSync(cmd, args, { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
}

const HAS_AWS = has("aws", ["--version"]);
const HAS_BOTO3 = has("python3", ["-c", "import boto3"]);

let sb: RunningSandbox | undefined;
let dir: string;

const env = () => ({
  ...process.env,
  AWS_ACCESS_KEY_ID: "sandbox",
  AWS_SECRET_ACCESS_KEY: "sandbox",
  AWS_DEFAULT_REGION: "us-east-1",
  AWS_CONFIG_FILE: "/dev/null",
  AWS_SHARED_CREDENTIALS_FILE: "/dev/null",
  AWS_PAGER: "",
});

async function aws(...args: string[]): Promise<{ code: number; out: string }> {
  try {
    const { stdout, stderr } = await run("aws", ["--endpoint-url", sb!.endpoint, ...args], { env: env(), timeout: 60_000 });
    return { code: 0, out: stdout + stderr };
  } catch (e) {
    const err = e as { code?: number; stdout?: string; stderr?: string };
    return { code: err.code ?? 1, out: `${err.stdout ?? ""}${err.stderr ?? ""}` };
  }
}

const TEMPLATE = `
Resources:
  Topic:
    Type: AWS::SNS::Topic
  Health:
    Type: AWS::CloudWatch::Alarm
    Properties: { AlarmName: cli-health, MetricName: Errors, Namespace: App, Statistic: Sum, Period: 60, EvaluationPeriods: 1, Threshold: 1, ComparisonOperator: GreaterThanThreshold }
Outputs:
  TopicArn:
    Value: !Ref Topic
    Export: { Name: cli-topic }
`;

beforeAll(async () => {
  if (!HAS_AWS && !HAS_BOTO3) return;
  // Fast enough that the CLI's waiters (5–30 s between polls) find the stack done on their first poll.
  sb = await startSandbox({ speed: 50_000, env: { SANDBOX_PAGE_SIZE: "2" } });
  dir = mkdtempSync(path.join(tmpdir(), "sandbox-cli-"));
  writeFileSync(path.join(dir, "template.yaml"), TEMPLATE);
});
afterAll(async () => {
  await sb?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe.skipIf(!HAS_AWS)(`the AWS CLI${HAS_AWS ? "" : " (skipped: `aws` is not on PATH)"}`, () => {
  it("deploys, and deploys again without changes: No changes to deploy", { timeout: 120_000 }, async () => {
    const file = path.join(dir, "template.yaml");
    const first = await aws("cloudformation", "deploy", "--template-file", file, "--stack-name", "cli");
    expect(first.out).toContain("Successfully created/updated stack - cli");
    expect(first.code).toBe(0);
    const again = await aws("cloudformation", "deploy", "--template-file", file, "--stack-name", "cli", "--no-fail-on-empty-changeset");
    expect(again.out).toContain("No changes to deploy");
    expect(again.code).toBe(0);
    // Without the flag the CLI v1 exits 255 on the empty change set, as against AWS. (Its change
    // set names carry the time in seconds: wait for the next one so the name is new.)
    await new Promise((r) => setTimeout(r, 1100));
    const strict = await aws("cloudformation", "deploy", "--template-file", file, "--stack-name", "cli");
    expect(strict.out).toContain("No changes to deploy");
    expect(strict.code).toBe(255);
  });

  it("waits for stack-create-complete", async () => {
    const body = "Resources:\n  Q:\n    Type: AWS::SQS::Queue\n";
    const created = await aws("cloudformation", "create-stack", "--stack-name", "waited", "--template-body", body);
    expect(created.code).toBe(0);
    const waited = await aws("cloudformation", "wait", "stack-create-complete", "--stack-name", "waited");
    expect(waited).toEqual({ code: 0, out: "" });
    const failing = await aws(
      "cloudformation",
      "create-stack",
      "--stack-name",
      "failing",
      "--template-body",
      body,
      "--tags",
      "Key=sandbox:fail,Value=Q",
    );
    expect(failing.code).toBe(0);
    const failed = await aws("cloudformation", "wait", "stack-create-complete", "--stack-name", "failing");
    expect(failed.code).toBe(255);
    expect(failed.out).toMatch(/Waiter StackCreateComplete failed/);
  });

  it("lists exports", async () => {
    const { code, out } = await aws("cloudformation", "list-exports", "--output", "json");
    expect(code).toBe(0);
    const { Exports } = JSON.parse(out) as { Exports: { Name: string; Value: string; ExportingStackId: string }[] };
    expect(Exports.map((e) => e.Name)).toEqual(["cli-topic"]);
    expect(Exports[0].ExportingStackId).toMatch(/:stack\/cli\//);
  });

  it("reads and sets the stack's alarm with aws cloudwatch", async () => {
    const set = await aws("cloudwatch", "set-alarm-state", "--alarm-name", "cli-health", "--state-value", "ALARM", "--state-reason", "cli");
    expect(set).toEqual({ code: 0, out: "" });
    const { code, out } = await aws("cloudwatch", "describe-alarms", "--alarm-names", "cli-health", "--output", "json");
    expect(code).toBe(0);
    expect((JSON.parse(out) as { MetricAlarms: { StateValue: string }[] }).MetricAlarms.map((a) => a.StateValue)).toEqual(["ALARM"]);
    const history = await aws("cloudwatch", "describe-alarm-history", "--alarm-name", "cli-health", "--output", "json");
    const items = (JSON.parse(history.out) as { AlarmHistoryItems: { HistorySummary: string }[] }).AlarmHistoryItems;
    expect(items[0].HistorySummary).toBe("Alarm updated from OK to ALARM");
    const missing = await aws("cloudwatch", "set-alarm-state", "--alarm-name", "nope", "--state-value", "OK", "--state-reason", "x");
    expect(missing.code).toBe(255);
    expect(missing.out).toContain("(ResourceNotFound)");
  });
});

const PAGINATE = `
import json, sys, boto3
endpoint, stack = sys.argv[1], sys.argv[2]
kw = dict(endpoint_url=endpoint, region_name="us-east-1", aws_access_key_id="sandbox", aws_secret_access_key="sandbox")
cf = boto3.client("cloudformation", **kw)
cw = boto3.client("cloudwatch", **kw)
events = [e["EventId"] for p in cf.get_paginator("describe_stack_events").paginate(StackName=stack) for e in p["StackEvents"]]
pages = sum(1 for _ in cf.get_paginator("describe_stack_events").paginate(StackName=stack))
stacks = [s["StackName"] for p in cf.get_paginator("list_stacks").paginate() for s in p["StackSummaries"]]
exports = [e["Name"] for p in cf.get_paginator("list_exports").paginate() for e in p["Exports"]]
history = [h["HistorySummary"] for p in cw.get_paginator("describe_alarm_history").paginate(AlarmName="cli-health", PaginationConfig={"PageSize": 1}) for h in p["AlarmHistoryItems"]]
print(json.dumps(dict(events=events, pages=pages, stacks=stacks, exports=exports, history=history)))
`;

// It pages through what the CLI part deployed.
const BOTO3_SKIP = !HAS_BOTO3
  ? " (skipped: python3 with boto3 is not installed)"
  : !HAS_AWS
    ? " (skipped: needs the AWS CLI part's stacks)"
    : "";
describe.skipIf(!!BOTO3_SKIP)(`boto3's paginators${BOTO3_SKIP}`, () => {
  it("page through events, stacks, exports and alarm history with NextToken", async () => {
    const { stdout } = await run("python3", ["-c", PAGINATE, sb!.endpoint, "cli"], { env: env(), timeout: 60_000 });
    const r = JSON.parse(stdout) as { events: string[]; pages: number; stacks: string[]; exports: string[]; history: string[] };
    expect(r.pages).toBeGreaterThan(2); // page size 2
    expect(new Set(r.events).size).toBe(r.events.length);
    expect(new Set(r.stacks).size).toBe(r.stacks.length);
    expect(r.stacks).toEqual(expect.arrayContaining(["cli", "waited", "failing"]));
    expect(r.exports).toEqual(["cli-topic"]);
    expect(r.history.length).toBeGreaterThanOrEqual(3);
    expect(r.history.at(-1)).toBe('Alarm "cli-health" created');
  });
});
