import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freePort, startSandbox, type RunningSandbox } from "../../sandbox/testing/spawn";
import { db } from "../db";
import { parseEnv } from "../env";
import { onboardClient } from "../changes/onboard-client";
import { approveRequest } from "../changes/decide";
import { makeUser, uniqueClientName } from "../../test/support/fixtures";
import { startWorkerProcess, waitFor, type WorkerProcess } from "../../test/support/worker-process";
import { checkConnection } from "./connection";

// The connection check and per-environment roles against the real sandbox, which answers STS
// AssumeRole and keeps each account's stacks to itself, as AWS does.

const ROLE = "arn:aws:iam::111111111111:role/StackportDeployer";
const SESSION = "arn:aws:sts::111111111111:assumed-role/StackportDeployer/stackport";

let sandbox: RunningSandbox;
const workers: WorkerProcess[] = [];

type Stats = { callers: Record<string, Record<string, number>> };

beforeAll(async () => {
  // The portal's own identity, read by the SDK's standard chain.
  process.env.AWS_ACCESS_KEY_ID ??= "sandbox";
  process.env.AWS_SECRET_ACCESS_KEY ??= "sandbox";
  sandbox = await startSandbox();
}, 60_000);

afterAll(async () => {
  await Promise.all(workers.map((w) => w.stop()));
  await sandbox?.stop();
  await db.$disconnect();
});

const config = (extra: Record<string, string> = {}) => ({
  NEXTAUTH_SECRET: process.env.NEXTAUTH_SECRET!,
  DATABASE_URL: process.env.DATABASE_URL!,
  CLOUDFORMATION_ENDPOINT: sandbox.endpoint,
  STS_ENDPOINT: sandbox.endpoint,
  ...extra,
});

describe("connection check", () => {
  it("reports the sandbox reachable with the portal's own credentials", async () => {
    const report = await checkConnection(parseEnv(config()));
    expect(report.ok).toBe(true);
    expect(report.targets).toHaveLength(1);
    const [own] = report.targets;
    expect(own.steps.map((s) => [s.name, s.ok])).toEqual([
      ["Credentials", true],
      ["Identity", true],
      ["CloudFormation", true],
    ]);
    // The key id is masked to its last four characters.
    const key = process.env.AWS_ACCESS_KEY_ID!;
    expect(own.steps[0].detail).toContain(`environment variables (AWS_ACCESS_KEY_ID): access key …${key.slice(-4)}`);
    expect(own.steps[0].detail).not.toContain(key);
    expect(own.steps[1].detail).toContain("arn:aws:iam::123456789012:user/sandbox");
    expect(own.steps[2].detail).toMatch(/does not exist", as expected/);
  });

  it("assumes each configured role and shows the session it got", async () => {
    await sandbox.control("/_sandbox/stats/reset", { method: "POST" });
    const report = await checkConnection(parseEnv(config({ AWS_TARGET_ROLES: `production=${ROLE}` })));
    expect(report.ok).toBe(true);
    const role = report.targets.find((t) => t.environment === "production")!;
    expect(role.roleArn).toBe(ROLE);
    expect(role.steps[0]).toMatchObject({ name: "Assume role", ok: true });
    expect(role.steps[0].detail).toMatch(
      new RegExp(`Assumed ${SESSION}; the session expires \\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d UTC`),
    );
    expect(role.steps[1]).toMatchObject({ name: "CloudFormation", ok: true });
    // The sandbox saw the probe signed with the role's session.
    const stats = await sandbox.control<Stats>("/_sandbox/stats");
    expect(stats.callers[SESSION]).toMatchObject({ DescribeStacks: 1 });
  });

  it("explains a refused AssumeRole without failing the other targets", async () => {
    await sandbox.control("/_sandbox/faults", {
      method: "POST",
      body: {
        kind: "error",
        actions: ["AssumeRole"],
        code: "AccessDenied",
        status: 403,
        count: 1,
        reason: `User: arn:aws:iam::123456789012:user/sandbox is not authorized to perform: sts:AssumeRole on resource: ${ROLE}`,
      },
    });
    const report = await checkConnection(parseEnv(config({ AWS_TARGET_ROLES: `production=${ROLE}` })));
    expect(report.ok).toBe(false);
    const [own, role] = report.targets;
    expect(own.ok).toBe(true);
    expect(role.steps).toHaveLength(1);
    expect(role.steps[0]).toMatchObject({ name: "Assume role", ok: false, code: "AccessDenied" });
    expect(role.steps[0].detail).toContain("is not authorized to perform: sts:AssumeRole");
    expect(role.steps[0].hint).toMatch(/trust policy/);
  });

  it("reports an endpoint nothing listens on as a failed step with the network hint, without throwing", async () => {
    const closed = `http://127.0.0.1:${await freePort()}`;
    const report = await checkConnection(parseEnv(config({ CLOUDFORMATION_ENDPOINT: closed })));
    expect(report.ok).toBe(false);
    const step = report.targets[0].steps.find((s) => s.name === "CloudFormation")!;
    expect(step).toMatchObject({ ok: false, code: "ECONNREFUSED" });
    expect(step.hint).toContain(`Could not reach ${closed}`);
  });
});

describe("a role per environment", () => {
  it("launches a production client's stack with the production role, in its account, and a staging client's with the portal's own credentials", async () => {
    const [am, eng] = await Promise.all([makeUser("ACCOUNT_MANAGER"), makeUser("ENGINEER")]);
    const onboard = (environment: "production" | "staging") =>
      onboardClient(am, {
        displayName: uniqueClientName(`Roled ${environment}`),
        environment,
        region: "us-east-1",
        blueprintId: "stateless-web",
        sizeId: "medium",
      });
    const [prod, staging] = [await onboard("production"), await onboard("staging")];
    await approveRequest(eng, { requestId: prod.id, version: prod.version });
    await approveRequest(eng, { requestId: staging.id, version: staging.version });
    await sandbox.control("/_sandbox/stats/reset", { method: "POST" });

    workers.push(startWorkerProcess(config({ AWS_TARGET_ROLES: `production=${ROLE}` })));
    for (const request of [prod, staging]) {
      const done = await waitFor(
        "the launch to finish",
        async () => {
          const r = await db.changeRequest.findUniqueOrThrow({ where: { id: request.id } });
          return (r.state === "SUCCEEDED" || r.state === "FAILED") && r;
        },
        120_000,
      );
      expect(done.state).toBe("SUCCEEDED");
    }

    // Every call on the production stack went to its account: the sandbox hides a stack from
    // other accounts' credentials, so a poll with the wrong ones would have lost it.
    const prodClient = await db.client.findUniqueOrThrow({ where: { id: prod.clientId } });
    const stagingClient = await db.client.findUniqueOrThrow({ where: { id: staging.clientId } });
    expect(prodClient.stackId).toMatch(/^arn:aws:cloudformation:us-east-1:111111111111:stack\//);
    expect(stagingClient.stackId).toMatch(/^arn:aws:cloudformation:us-east-1:123456789012:stack\//);
    expect(prodClient.status).toBe("ACTIVE");

    const { callers } = await sandbox.control<Stats>("/_sandbox/stats");
    expect(callers[SESSION].CreateStack).toBeGreaterThanOrEqual(1);
    expect(callers[SESSION].DescribeStackEvents).toBeGreaterThan(0);
    // The portal's own identity assumed the role once (the session is reused) and created the staging stack.
    expect(callers["arn:aws:iam::123456789012:user/sandbox"].AssumeRole).toBe(1);
    expect(callers["arn:aws:iam::123456789012:user/sandbox"].CreateStack).toBeGreaterThanOrEqual(1);
  }, 240_000);
});
