// Stack lifecycle through the AWS SDK against the running sandbox: create, describe, list, events,
// resources, templates, idempotency, and the errors CloudFormation answers with.
import { readFileSync } from "node:fs";
import {
  CreateStackCommand,
  DeleteStackCommand,
  DescribeStackEventsCommand,
  DescribeStackResourceCommand,
  DescribeStackResourcesCommand,
  DescribeStacksCommand,
  GetTemplateCommand,
  GetTemplateSummaryCommand,
  ListStackResourcesCommand,
  ListStacksCommand,
  UpdateStackCommand,
  UpdateTerminationProtectionCommand,
  ValidateTemplateCommand,
  type CloudFormationClient,
} from "@aws-sdk/client-cloudformation";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { allStackEvents, startSandbox, waitForStack, type RunningSandbox } from "./testing/spawn";
import { errorOf } from "./testing/errors";

const APP = readFileSync(new URL("./fixtures/app.yaml", import.meta.url), "utf-8");
const IAM = readFileSync(new URL("./fixtures/iam.yaml", import.meta.url), "utf-8");
const JSON_TEMPLATE = readFileSync(new URL("./fixtures/app.json", import.meta.url), "utf-8");
const TINY = "Resources:\n  Topic:\n    Type: AWS::SNS::Topic\n";

let sb: RunningSandbox;
let cf: CloudFormationClient;

beforeAll(async () => {
  // A page size of 3 makes NextToken paging observable with a handful of stacks.
  sb = await startSandbox({ env: { SANDBOX_PAGE_SIZE: "3" } });
  cf = sb.client();
});
afterAll(() => sb?.stop());

describe("create", () => {
  it("creates the fixture in dependency order with CloudFormation's event stream and resolved outputs", async () => {
    const { StackId } = await cf.send(
      new CreateStackCommand({
        StackName: "app",
        TemplateBody: APP,
        ClientRequestToken: "create-app-1",
        Tags: [{ Key: "team", Value: "web" }],
      }),
    );
    expect(StackId).toMatch(/^arn:aws:cloudformation:us-east-1:123456789012:stack\/app\/[0-9a-f-]{36}$/);
    const stack = await waitForStack(cf, "app");
    expect(stack.StackStatus).toBe("CREATE_COMPLETE");
    expect(stack.Tags).toEqual([{ Key: "team", Value: "web" }]);
    const out = Object.fromEntries(stack.Outputs!.map((o) => [o.OutputKey, o.OutputValue]));
    expect(out.VpcId).toMatch(/^vpc-[0-9a-f]{17}$/);
    expect(out.SubnetIds).toMatch(/^subnet-[0-9a-f]{17},subnet-[0-9a-f]{17}$/);
    expect(out.BucketArn).toMatch(/^arn:aws:s3:::app-bucket-[a-z0-9]{12}$/);
    expect(out.Second).toBe("b");
    expect(out.Nodes).toBe("1");
    expect(out.DbEndpoint).toMatch(/^app-database-[a-z0-9]+\.c[0-9a-f]+\.us-east-1\.rds\.amazonaws\.com:5432$/);
    expect(out.DbSecret).toMatch(/^arn:aws:secretsmanager:us-east-1:123456789012:secret:rds!db-/);
    expect(out.Ami).toMatch(/^ami-[0-9a-f]{17}$/);
    expect(out.Mode).toBe("other");
    expect(out.QueueUrl).toBeUndefined(); // condition false
    expect(stack.Outputs!.find((o) => o.OutputKey === "VpcId")!.ExportName).toBe("app-VpcId");

    const { StackEvents } = await cf.send(new DescribeStackEventsCommand({ StackName: "app" }));
    // Page size 3: the newest three events, newest first.
    expect(StackEvents).toHaveLength(3);
    const events = await allEvents("app");
    const chrono = events.slice().reverse();
    expect(chrono[0]).toMatchObject({
      LogicalResourceId: "app",
      ResourceStatus: "CREATE_IN_PROGRESS",
      ResourceStatusReason: "User Initiated",
    });
    expect(chrono.at(-1)).toMatchObject({ LogicalResourceId: "app", ResourceStatus: "CREATE_COMPLETE" });
    const vpc = chrono.filter((e) => e.LogicalResourceId === "Vpc").map((e) => [e.ResourceStatus, e.ResourceStatusReason]);
    expect(vpc).toEqual([
      ["CREATE_IN_PROGRESS", undefined],
      ["CREATE_IN_PROGRESS", "Resource creation Initiated"],
      ["CREATE_COMPLETE", undefined],
    ]);
    expect(new Set(events.map((e) => e.EventId)).size).toBe(events.length);
    expect(events.every((e) => e.ClientRequestToken === "create-app-1")).toBe(true);
    // Dependency order: the subnet starts only after the VPC completed; the secret after the database.
    const at = (id: string, status: string) => chrono.findIndex((e) => e.LogicalResourceId === id && e.ResourceStatus === status);
    expect(at("SubnetA", "CREATE_IN_PROGRESS")).toBeGreaterThan(at("Vpc", "CREATE_COMPLETE"));
    expect(at("AppSecret", "CREATE_IN_PROGRESS")).toBeGreaterThan(at("Database", "CREATE_COMPLETE"));
    // Independent resources run in parallel: the bucket starts before the VPC is done.
    expect(at("Bucket", "CREATE_IN_PROGRESS")).toBeLessThan(at("Vpc", "CREATE_COMPLETE"));
    expect(chrono.some((e) => e.LogicalResourceId === "Queue")).toBe(false);
  });

  it("masks NoEcho parameters in DescribeStacks and in event properties, and resolves SSM parameter types", async () => {
    const { Stacks } = await cf.send(new DescribeStacksCommand({ StackName: "app" }));
    const params = Object.fromEntries(Stacks![0].Parameters!.map((p) => [p.ParameterKey, p]));
    expect(params.DbPassword.ParameterValue).toBe("****");
    expect(params.LatestAmiId.ParameterValue).toBe("/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-x86_64");
    expect(params.LatestAmiId.ResolvedValue).toMatch(/^ami-[0-9a-f]{17}$/);
    const events = await allEvents("app");
    const secretEvent = events.find((e) => e.LogicalResourceId === "AppSecret" && e.ResourceProperties);
    expect(secretEvent!.ResourceProperties).toContain("****");
    expect(JSON.stringify(events)).not.toContain("correct-horse-battery");
  });

  it("is idempotent per ClientRequestToken and refuses a second stack of the same name", async () => {
    const first = (await cf.send(new DescribeStacksCommand({ StackName: "app" }))).Stacks![0];
    const retry = await cf.send(new CreateStackCommand({ StackName: "app", TemplateBody: APP, ClientRequestToken: "create-app-1" }));
    expect(retry.StackId).toBe(first.StackId);
    const err = await errorOf(cf.send(new CreateStackCommand({ StackName: "app", TemplateBody: APP })));
    expect(err).toMatchObject({ name: "AlreadyExistsException", message: "Stack [app] already exists", status: 400 });
  });

  it("lists resources and describes them", async () => {
    const { StackResources } = await cf.send(new DescribeStackResourcesCommand({ StackName: "app" }));
    expect(StackResources!.map((r) => r.LogicalResourceId).sort()).toEqual([
      "AppSecret",
      "AppSecurityGroup",
      "Bucket",
      "Database",
      "DbSubnetGroup",
      "LaunchTemplate",
      "SubnetA",
      "SubnetB",
      "SubnetList",
      "Vpc",
    ]);
    expect(StackResources!.every((r) => r.ResourceStatus === "CREATE_COMPLETE")).toBe(true);
    const sg = StackResources!.find((r) => r.LogicalResourceId === "AppSecurityGroup")!;
    expect(sg.PhysicalResourceId).toMatch(/^sg-[0-9a-f]{17}$/);
    const byPhysical = await cf.send(new DescribeStackResourcesCommand({ PhysicalResourceId: sg.PhysicalResourceId }));
    expect(byPhysical.StackResources![0].StackName).toBe("app");
    const missing = await cf
      .send(new DescribeStackResourceCommand({ StackName: "app", LogicalResourceId: "toString" }))
      .catch((e: Error) => e);
    expect(missing).toMatchObject({ name: "ValidationError", message: "Resource toString does not exist for stack app" });
    const one = await cf.send(new DescribeStackResourceCommand({ StackName: "app", LogicalResourceId: "Database" }));
    expect(one.StackResourceDetail).toMatchObject({
      LogicalResourceId: "Database",
      ResourceType: "AWS::RDS::DBInstance",
      ResourceStatus: "CREATE_COMPLETE",
    });
    expect(one.StackResourceDetail!.LastUpdatedTimestamp).toBeInstanceOf(Date);
    const page1 = await cf.send(new ListStackResourcesCommand({ StackName: "app" }));
    expect(page1.StackResourceSummaries).toHaveLength(3);
    const page2 = await cf.send(new ListStackResourcesCommand({ StackName: "app", NextToken: page1.NextToken }));
    expect(page2.StackResourceSummaries![0].LogicalResourceId).not.toBe(page1.StackResourceSummaries![0].LogicalResourceId);
  });

  it("returns the original template and its summary; validates templates", async () => {
    const { TemplateBody, StagesAvailable } = await cf.send(new GetTemplateCommand({ StackName: "app" }));
    expect(TemplateBody).toBe(APP);
    expect(StagesAvailable).toEqual(["Original", "Processed"]);
    const summary = await cf.send(new GetTemplateSummaryCommand({ StackName: "app" }));
    expect(summary.ResourceTypes).toContain("AWS::RDS::DBInstance");
    const env = summary.Parameters!.find((p) => p.ParameterKey === "Env")!;
    expect(env).toMatchObject({ DefaultValue: "dev", ParameterType: "String", ParameterConstraints: { AllowedValues: ["dev", "prod"] } });
    expect(summary.Parameters!.find((p) => p.ParameterKey === "DbPassword")!.NoEcho).toBe(true);
    const v = await cf.send(new ValidateTemplateCommand({ TemplateBody: IAM }));
    expect(v.Capabilities).toEqual(["CAPABILITY_IAM"]);
    expect(v.CapabilitiesReason).toBe("The following resource(s) require capabilities: [AWS::IAM::Role, AWS::IAM::InstanceProfile]");
    const crlf = await cf.send(
      new ValidateTemplateCommand({ TemplateBody: "Description: a\r\nResources:\r\n  T:\r\n    Type: AWS::SNS::Topic\r\n" }),
    );
    expect(crlf.Description).toBe("a");
  });

  it("accepts JSON templates", async () => {
    await cf.send(new CreateStackCommand({ StackName: "json", TemplateBody: JSON_TEMPLATE }));
    const s = await waitForStack(cf, "json");
    const out = Object.fromEntries(s.Outputs!.map((o) => [o.OutputKey, o.OutputValue]));
    expect(out.TopicArn).toMatch(/^arn:aws:sns:us-east-1:123456789012:json-Topic-/);
    expect(out.LogArn).toMatch(/^arn:aws:logs:us-east-1:123456789012:log-group:json-Log-.*:\*$/);
    expect(out.Encoded).toBe("aGk=");
  });
});

describe("validation errors", () => {
  const cases: [string, string, Record<string, unknown>, string][] = [
    [
      "unknown resource type",
      "Resources:\n  X:\n    Type: AWS::EC2::Nope\n",
      {},
      "Template format error: Unrecognized resource types: [AWS::EC2::Nope]",
    ],
    [
      "unresolved Ref",
      "Resources:\n  X:\n    Type: AWS::SNS::Topic\n    Properties: { DisplayName: !Ref Missing }\n",
      {},
      "Template format error: Unresolved resource dependencies [Missing] in the Resources block of the template",
    ],
    [
      "bad GetAtt",
      "Resources:\n  X:\n    Type: AWS::SNS::Topic\nOutputs:\n  O: { Value: !GetAtt X.Nope }\n",
      {},
      "Template error: resource X does not support attribute type Nope in Fn::GetAtt",
    ],
    [
      "cycle",
      "Resources:\n  A:\n    Type: AWS::SNS::Topic\n    DependsOn: B\n  B:\n    Type: AWS::SNS::Topic\n    Properties: { DisplayName: !GetAtt A.TopicName }\n",
      {},
      "Circular dependency between resources: [A, B]",
    ],
    ["no resources", "Description: x\n", {}, "Template format error: At least one Resources member must be defined."],
    ["bad YAML", "Resources: [\n", {}, "Template format error: YAML not well-formed."],
    [
      "missing parameter",
      "Parameters:\n  P: { Type: String }\nResources:\n  X:\n    Type: AWS::SNS::Topic\n",
      {},
      "Parameters: [P] must have values",
    ],
    [
      "AllowedValues",
      "Parameters:\n  P: { Type: String, AllowedValues: [a, b] }\nResources:\n  X:\n    Type: AWS::SNS::Topic\n",
      { P: "c" },
      "Parameter 'P' must be one of AllowedValues",
    ],
    [
      "AllowedPattern",
      "Parameters:\n  P: { Type: String, AllowedPattern: '[a-z]+' }\nResources:\n  X:\n    Type: AWS::SNS::Topic\n",
      { P: "A1" },
      "Parameter 'P' must match pattern [a-z]+",
    ],
    [
      "MaxValue",
      "Parameters:\n  P: { Type: Number, MaxValue: 5 }\nResources:\n  X:\n    Type: AWS::SNS::Topic\n",
      { P: "6" },
      "Parameter 'P' must be a number not greater than 5",
    ],
    ["unknown parameter", TINY, { Q: "1" }, "Parameters: [Q] do not exist in the template"],
    [
      "prototype name as Ref (not a parameter)",
      "Resources:\n  X:\n    Type: AWS::SNS::Topic\n    Properties: { DisplayName: !Ref constructor }\n",
      {},
      "Template format error: Unresolved resource dependencies [constructor] in the Resources block of the template",
    ],
    [
      "prototype name in FindInMap",
      "Mappings:\n  M: { a: { b: c } }\nResources:\n  X:\n    Type: AWS::SNS::Topic\n    Properties: { DisplayName: !FindInMap [M, toString, b] }\n",
      {},
      "Template error: Unable to get mapping for M::toString::b",
    ],
    [
      "FindInMap miss",
      "Mappings:\n  M: { a: { b: c } }\nResources:\n  X:\n    Type: AWS::SNS::Topic\n    Properties: { DisplayName: !FindInMap [M, z, b] }\n",
      {},
      "Template error: Unable to get mapping for M::z::b",
    ],
  ];
  it.each(cases)("%s", async (_name, body, params, message) => {
    const err = await errorOf(
      cf.send(
        new CreateStackCommand({
          StackName: "invalid",
          TemplateBody: body,
          Parameters: Object.entries(params).map(([k, v]) => ({ ParameterKey: k, ParameterValue: String(v) })),
        }),
      ),
    );
    expect(err.name).toBe("ValidationError");
    expect(err.status).toBe(400);
    expect(err.message.startsWith(message)).toBe(true);
  });

  it("requires CAPABILITY_IAM, or CAPABILITY_NAMED_IAM for named IAM resources", async () => {
    const err = await errorOf(cf.send(new CreateStackCommand({ StackName: "iam", TemplateBody: IAM })));
    expect(err).toMatchObject({ name: "InsufficientCapabilitiesException", message: "Requires capabilities : [CAPABILITY_IAM]" });
    const named = IAM.replace(
      "    Properties:\n      AssumeRolePolicyDocument:",
      "    Properties:\n      RoleName: fixed-name\n      AssumeRolePolicyDocument:",
    );
    const err2 = await errorOf(
      cf.send(new CreateStackCommand({ StackName: "iam", TemplateBody: named, Capabilities: ["CAPABILITY_IAM"] })),
    );
    expect(err2).toMatchObject({ name: "InsufficientCapabilitiesException", message: "Requires capabilities : [CAPABILITY_NAMED_IAM]" });
    await cf.send(new CreateStackCommand({ StackName: "iam", TemplateBody: IAM, Capabilities: ["CAPABILITY_IAM"] }));
    const s = await waitForStack(cf, "iam");
    expect(s.StackStatus).toBe("CREATE_COMPLETE");
    expect(s.Capabilities).toEqual(["CAPABILITY_IAM"]);
    expect(s.Outputs!.find((o) => o.OutputKey === "RoleArn")!.OutputValue).toMatch(
      /^arn:aws:iam::123456789012:role\/iam-Role-[A-Z0-9]{12}$/,
    );
  });
});

describe("update and delete", () => {
  it("says 'No updates are to be performed.' for an identical update", async () => {
    const err = await errorOf(
      cf.send(
        new UpdateStackCommand({
          StackName: "app",
          UsePreviousTemplate: true,
          Parameters: [{ ParameterKey: "Env", UsePreviousValue: true }],
        }),
      ),
    );
    expect(err).toMatchObject({ name: "ValidationError", message: "No updates are to be performed." });
  });

  it("updates in place and keeps NoEcho values with UsePreviousValue", async () => {
    await cf.send(
      new UpdateStackCommand({
        StackName: "app",
        TemplateBody: APP,
        ClientRequestToken: "upd-1",
        Parameters: [
          { ParameterKey: "InstanceType", ParameterValue: "t3.large" },
          { ParameterKey: "DbPassword", UsePreviousValue: true },
        ],
      }),
    );
    const s = await waitForStack(cf, "app");
    expect(s.StackStatus).toBe("UPDATE_COMPLETE");
    expect(s.LastUpdatedTime).toBeInstanceOf(Date);
    const events = (await allEvents("app")).filter((e) => e.ClientRequestToken === "upd-1").reverse();
    expect(events.map((e) => `${e.LogicalResourceId} ${e.ResourceStatus}`)).toEqual([
      "app UPDATE_IN_PROGRESS",
      "LaunchTemplate UPDATE_IN_PROGRESS",
      "LaunchTemplate UPDATE_COMPLETE",
      "app UPDATE_COMPLETE_CLEANUP_IN_PROGRESS",
      "app UPDATE_COMPLETE",
    ]);
    // Same token again: the same answer, no second update.
    const again = await cf.send(
      new UpdateStackCommand({
        StackName: "app",
        TemplateBody: APP,
        ClientRequestToken: "upd-1",
        Parameters: [{ ParameterKey: "InstanceType", ParameterValue: "t3.large" }],
      }),
    );
    expect(again.StackId).toBe(s.StackId);
    expect((await allEvents("app")).filter((e) => e.ClientRequestToken === "upd-1")).toHaveLength(5);
  });

  it("blocks DeleteStack under termination protection", async () => {
    await cf.send(new UpdateTerminationProtectionCommand({ StackName: "app", EnableTerminationProtection: true }));
    const err = await errorOf(cf.send(new DeleteStackCommand({ StackName: "app" })));
    expect(err).toMatchObject({ name: "ValidationError", message: "Stack [app] cannot be deleted while TerminationProtection is enabled" });
    await cf.send(new UpdateTerminationProtectionCommand({ StackName: "app", EnableTerminationProtection: false }));
  });

  it("deletes honouring DeletionPolicy and keeps the deleted stack visible by id only", async () => {
    const { StackId } = (await cf.send(new DescribeStacksCommand({ StackName: "app" }))).Stacks![0];
    await cf.send(new DeleteStackCommand({ StackName: "app", ClientRequestToken: "del-1" }));
    const s = await waitForStack(cf, StackId!);
    expect(s.StackStatus).toBe("DELETE_COMPLETE");
    expect(s.DeletionTime).toBeInstanceOf(Date);
    const events = (await allEvents(StackId!)).filter((e) => e.ClientRequestToken === "del-1").reverse();
    expect(events.find((e) => e.LogicalResourceId === "Bucket")!.ResourceStatus).toBe("DELETE_SKIPPED");
    expect(events.filter((e) => e.LogicalResourceId === "Database").map((e) => e.ResourceStatus)).toEqual([
      "DELETE_IN_PROGRESS",
      "DELETE_COMPLETE",
    ]);
    // Deletes run in reverse dependency order.
    const at = (id: string, st: string) => events.findIndex((e) => e.LogicalResourceId === id && e.ResourceStatus === st);
    expect(at("Vpc", "DELETE_IN_PROGRESS")).toBeGreaterThan(at("SubnetA", "DELETE_COMPLETE"));
    const err = await errorOf(cf.send(new DescribeStacksCommand({ StackName: "app" })));
    expect(err).toMatchObject({ name: "ValidationError", message: "Stack with id app does not exist" });
    const listed = await listAll(["DELETE_COMPLETE"]);
    expect(listed).toContain(StackId);
    // The name is free again.
    await cf.send(new CreateStackCommand({ StackName: "app", TemplateBody: TINY }));
    expect((await waitForStack(cf, "app")).StackId).not.toBe(StackId);
  });

  it("pages DescribeStacks and filters ListStacks", async () => {
    for (const n of ["p1", "p2", "p3"]) await cf.send(new CreateStackCommand({ StackName: n, TemplateBody: TINY }));
    const names: string[] = [];
    let token: string | undefined;
    do {
      const page = await cf.send(new DescribeStacksCommand({ NextToken: token }));
      expect(page.Stacks!.length).toBeLessThanOrEqual(3);
      names.push(...page.Stacks!.map((s) => s.StackName!));
      token = page.NextToken;
    } while (token);
    expect(names).toEqual(expect.arrayContaining(["p1", "p2", "p3", "app", "json", "iam"]));
    expect(new Set(names).size).toBe(names.length);
  });
});

describe("protocol and control API", () => {
  // "constructor" once reached Object.prototype through the per-action stats and crashed the request.
  it("answers unknown actions, and control routes used as actions, with InvalidAction", async () => {
    for (const action of ["DescribeNothing", "reset", "constructor"]) {
      const res = await fetch(sb.endpoint, {
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded" },
        body: `Action=${action}&Version=2010-05-15`,
      });
      const xml = await res.text();
      expect(res.status).toBe(400);
      expect(xml).toContain("<Code>InvalidAction</Code>");
      expect(xml).toMatch(/^<ErrorResponse xmlns="http:\/\/cloudformation.amazonaws.com\/doc\/2010-05-15\/"><Error><Type>Sender<\/Type>/);
    }
    expect((await cf.send(new DescribeStacksCommand({ StackName: "app" }))).Stacks).toHaveLength(1); // nothing was reset
  });

  it("reports health and per-action stats with the sandbox's CPU time", async () => {
    const health = await sb.control<{ status: string; port: number; pid: number }>("/_sandbox/health");
    expect(health).toMatchObject({ status: "ok", port: sb.port, pid: sb.serverPid });
    const stats = await sb.control<{ calls: Record<string, number>; cpu: { totalMs: number }; latencyMs: Record<string, { p95: number }> }>(
      "/_sandbox/stats",
    );
    expect(stats.calls.CreateStack).toBeGreaterThan(5);
    expect(stats.calls.DescribeNothing).toBe(1);
    expect(stats.cpu.totalMs).toBeGreaterThan(0);
    expect(stats.latencyMs.DescribeStacks.p95).toBeGreaterThan(0);
  });
});

const allEvents = (stack: string) => allStackEvents(cf, stack);

async function listAll(filter: string[]) {
  const ids: string[] = [];
  let token: string | undefined;
  do {
    const page = await cf.send(new ListStacksCommand({ StackStatusFilter: filter as never, NextToken: token }));
    ids.push(...page.StackSummaries!.map((s) => s.StackId!));
    token = page.NextToken;
  } while (token);
  return ids;
}
