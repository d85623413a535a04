// Failure paths through the AWS SDK: create rollback, update rollback, UPDATE_ROLLBACK_FAILED and
// ContinueUpdateRollback, stack policies, and the request-level fault knobs.
import {
  CancelUpdateStackCommand,
  ContinueUpdateRollbackCommand,
  CreateStackCommand,
  DeleteStackCommand,
  DescribeStackResourcesCommand,
  DescribeStacksCommand,
  GetStackPolicyCommand,
  ListStacksCommand,
  SetStackPolicyCommand,
  UpdateStackCommand,
  type CloudFormationClient,
  type StackEvent,
} from "@aws-sdk/client-cloudformation";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { allStackEvents, startSandbox, waitForStack, type RunningSandbox } from "./testing/spawn";

let sb: RunningSandbox;
let cf: CloudFormationClient;

const NET = (desc = "web", extra = "") => `
Resources:
  Vpc:
    Type: AWS::EC2::VPC
    Properties: { CidrBlock: 10.0.0.0/16 }
  Subnet:
    Type: AWS::EC2::Subnet
    Properties: { VpcId: !Ref Vpc, CidrBlock: 10.0.1.0/24 }
  Sg:
    Type: AWS::EC2::SecurityGroup
    Properties: { GroupDescription: ${desc}, VpcId: !Ref Vpc }
  Bucket:
    Type: AWS::S3::Bucket
    Properties: { VersioningConfiguration: { Status: Enabled } }
${extra}`;

/** The stack's events, oldest first. */
const events = async (stack: string): Promise<StackEvent[]> => (await allStackEvents(cf, stack)).reverse();

const line = (e: StackEvent) => `${e.LogicalResourceId} ${e.ResourceStatus}${e.ResourceStatusReason ? ` (${e.ResourceStatusReason})` : ""}`;

beforeAll(async () => {
  sb = await startSandbox();
  cf = sb.client();
});
afterAll(() => sb?.stop());
beforeEach(() => sb.control("/_sandbox/faults", { method: "DELETE" }));

describe("create rollback", () => {
  it("fails the resource with the injected reason, rolls back and deletes what was created (tag)", async () => {
    await cf.send(
      new CreateStackCommand({
        StackName: "rb",
        TemplateBody: NET(),
        Tags: [{ Key: "sandbox:fail", Value: "Subnet:Subnet quota exceeded" }],
      }),
    );
    const s = await waitForStack(cf, "rb");
    expect(s.StackStatus).toBe("ROLLBACK_COMPLETE");
    expect(s.StackStatusReason).toBeUndefined();
    const ev = await events("rb");
    const lines = ev.map(line);
    expect(lines).toContain("Subnet CREATE_FAILED (Subnet quota exceeded)");
    expect(lines).toContain("rb ROLLBACK_IN_PROGRESS (The following resource(s) failed to create: [Subnet]. Rollback requested by user.)");
    expect(lines.at(-1)).toBe("rb ROLLBACK_COMPLETE");
    // Everything that got created is deleted again, the failed subnet included.
    const { StackResources } = await cf.send(new DescribeStackResourcesCommand({ StackName: "rb" }));
    expect(StackResources!.length).toBeGreaterThan(0);
    expect(StackResources!.every((r) => r.ResourceStatus === "DELETE_COMPLETE")).toBe(true);
    expect(lines.indexOf("Vpc DELETE_COMPLETE")).toBeGreaterThan(lines.indexOf("Subnet DELETE_COMPLETE"));
    // A rolled-back stack cannot be updated, only deleted.
    const err = await cf.send(new UpdateStackCommand({ StackName: "rb", TemplateBody: NET("x") })).catch((e: Error) => e);
    expect((err as Error).message).toMatch(/is in ROLLBACK_COMPLETE state and can not be updated/);
    await cf.send(new DeleteStackCommand({ StackName: "rb" }));
    expect((await waitForStack(cf, s.StackId!)).StackStatus).toBe("DELETE_COMPLETE");
  });

  it("deletes the rolled-back stack with OnFailure=DELETE", async () => {
    const { StackId } = await cf.send(
      new CreateStackCommand({
        StackName: "ondel",
        TemplateBody: NET(),
        OnFailure: "DELETE",
        Tags: [{ Key: "sandbox:fail-create", Value: "Sg" }],
      }),
    );
    const s = await waitForStack(cf, StackId!, { until: (x) => x.StackStatus === "DELETE_COMPLETE" });
    expect(s.StackStatus).toBe("DELETE_COMPLETE");
    const statuses = (await events(StackId!)).filter((e) => e.LogicalResourceId === "ondel").map((e) => e.ResourceStatus);
    expect(statuses).toEqual(["CREATE_IN_PROGRESS", "ROLLBACK_IN_PROGRESS", "ROLLBACK_COMPLETE", "DELETE_IN_PROGRESS", "DELETE_COMPLETE"]);
  });

  it("cancels resources in flight and stays CREATE_FAILED with DisableRollback (control API fault)", async () => {
    await sb.control("/_sandbox/faults", { body: { kind: "fail", logicalId: "Vpc", reason: "VPC limit reached", stackName: "norb" } });
    await cf.send(new CreateStackCommand({ StackName: "norb", TemplateBody: NET(), DisableRollback: true }));
    const s = await waitForStack(cf, "norb");
    expect(s.StackStatus).toBe("CREATE_FAILED");
    expect(s.StackStatusReason).toBe("The following resource(s) failed to create: [Vpc]. ");
    const lines = (await events("norb")).map(line);
    expect(lines).toContain("Vpc CREATE_FAILED (VPC limit reached)");
    expect(lines).toContain("Bucket CREATE_FAILED (Resource creation cancelled)");
    expect(lines.some((l) => l.startsWith("Subnet"))).toBe(false);
  });
});

describe("update rollback", () => {
  it("rolls an update back: reverts modified resources and deletes added ones", async () => {
    await cf.send(new CreateStackCommand({ StackName: "up", TemplateBody: NET() }));
    const before = await waitForStack(cf, "up");
    const resBefore = (await cf.send(new DescribeStackResourcesCommand({ StackName: "up" }))).StackResources!;
    const topic = "  Topic:\n    Type: AWS::SNS::Topic\n";
    // Sg gets a new description (replacement), Bucket fails to update, Topic is new.
    await cf.send(
      new UpdateStackCommand({
        StackName: "up",
        TemplateBody: NET("changed", topic).replace("Status: Enabled", "Status: Suspended"),
        Tags: [{ Key: "sandbox:fail-update", Value: "Bucket:Bucket policy conflict" }],
        ClientRequestToken: "up-bad",
      }),
    );
    const s = await waitForStack(cf, "up");
    expect(s.StackStatus).toBe("UPDATE_ROLLBACK_COMPLETE");
    expect(s.Tags).toEqual([]); // back to the previous tags
    const lines = (await events("up")).filter((e) => e.ClientRequestToken === "up-bad").map(line);
    expect(lines[0]).toBe("up UPDATE_IN_PROGRESS (User Initiated)");
    expect(lines).toContain("Bucket UPDATE_FAILED (Bucket policy conflict)");
    expect(lines).toContain("up UPDATE_ROLLBACK_IN_PROGRESS (The following resource(s) failed to update: [Bucket]. )");
    expect(lines).toContain("up UPDATE_ROLLBACK_COMPLETE_CLEANUP_IN_PROGRESS");
    expect(lines.at(-1)).toBe("up UPDATE_ROLLBACK_COMPLETE");
    const resAfter = (await cf.send(new DescribeStackResourcesCommand({ StackName: "up" }))).StackResources!;
    // Same physical resources as before the update; the topic it added is gone.
    expect(resAfter.map((r) => [r.LogicalResourceId, r.PhysicalResourceId]).sort()).toEqual(
      resBefore.map((r) => [r.LogicalResourceId, r.PhysicalResourceId]).sort(),
    );
    expect(lines.filter((l) => l.startsWith("Topic ")).at(-1)).toMatch(/^Topic (DELETE_COMPLETE|CREATE_FAILED)/);
    expect(before.StackId).toBe(s.StackId);
    // The stack is usable again.
    await cf.send(new UpdateStackCommand({ StackName: "up", TemplateBody: NET("changed") }));
    expect((await waitForStack(cf, "up")).StackStatus).toBe("UPDATE_COMPLETE");
  });

  it("replaces on an Always-replace property and cleans up the old physical resource", async () => {
    const sgBefore = (await cf.send(new DescribeStackResourcesCommand({ StackName: "up", LogicalResourceId: "Sg" }))).StackResources![0];
    await cf.send(new UpdateStackCommand({ StackName: "up", TemplateBody: NET("again"), ClientRequestToken: "up-replace" }));
    expect((await waitForStack(cf, "up")).StackStatus).toBe("UPDATE_COMPLETE");
    const ev = (await events("up")).filter((e) => e.ClientRequestToken === "up-replace");
    const sgAfter = (await cf.send(new DescribeStackResourcesCommand({ StackName: "up", LogicalResourceId: "Sg" }))).StackResources![0];
    expect(sgAfter.PhysicalResourceId).not.toBe(sgBefore.PhysicalResourceId);
    expect(ev.map(line)).toContain(
      "Sg UPDATE_IN_PROGRESS (Requested update requires the creation of a new physical resource; hence creating one.)",
    );
    const cleanup = ev.filter((e) => e.LogicalResourceId === "Sg" && e.ResourceStatus!.startsWith("DELETE"));
    expect(cleanup.map((e) => [e.ResourceStatus, e.PhysicalResourceId])).toEqual([
      ["DELETE_IN_PROGRESS", sgBefore.PhysicalResourceId],
      ["DELETE_COMPLETE", sgBefore.PhysicalResourceId],
    ]);
    const order = ev.map(line);
    expect(order.findIndex((l) => l.startsWith("Sg DELETE_IN_PROGRESS"))).toBeGreaterThan(
      order.indexOf("up UPDATE_COMPLETE_CLEANUP_IN_PROGRESS"),
    );
  });

  it("reaches UPDATE_ROLLBACK_FAILED when the rollback fails, and recovers with ContinueUpdateRollback", async () => {
    await cf.send(new CreateStackCommand({ StackName: "urf", TemplateBody: NET() }));
    await waitForStack(cf, "urf");
    await sb.control("/_sandbox/faults", {
      body: [
        { kind: "fail", stackName: "urf", logicalId: "Bucket", operation: "update", reason: "update broke" },
        { kind: "fail", stackName: "urf", logicalId: "Bucket", operation: "rollback", reason: "rollback broke too" },
      ],
    });
    await cf.send(new UpdateStackCommand({ StackName: "urf", TemplateBody: NET().replace("Status: Enabled", "Status: Suspended") }));
    const failed = await waitForStack(cf, "urf");
    expect(failed.StackStatus).toBe("UPDATE_ROLLBACK_FAILED");
    expect(failed.StackStatusReason).toBe("The following resource(s) failed to update: [Bucket]. ");
    // Updates are refused in this state.
    const err = await cf.send(new UpdateStackCommand({ StackName: "urf", TemplateBody: NET("x") })).catch((e: Error) => e);
    expect((err as Error).message).toMatch(/UPDATE_ROLLBACK_FAILED state and can not be updated/);
    // Without skipping, the rollback fails again (the fault is still there).
    await cf.send(new ContinueUpdateRollbackCommand({ StackName: "urf" }));
    expect((await waitForStack(cf, "urf")).StackStatus).toBe("UPDATE_ROLLBACK_FAILED");
    // Skipping the resource completes the rollback.
    await cf.send(new ContinueUpdateRollbackCommand({ StackName: "urf", ResourcesToSkip: ["Bucket"], ClientRequestToken: "cur-1" }));
    const done = await waitForStack(cf, "urf");
    expect(done.StackStatus).toBe("UPDATE_ROLLBACK_COMPLETE");
    const lines = (await events("urf")).filter((e) => e.ClientRequestToken === "cur-1").map(line);
    expect(lines).toContain("Bucket UPDATE_COMPLETE (Resource skipped during rollback)");
    const bad = await cf.send(new ContinueUpdateRollbackCommand({ StackName: "urf" })).catch((e: Error) => e);
    expect((bad as Error).name).toBe("ValidationError");
  });
});

describe("cancel", () => {
  it("CancelUpdateStack stops the update and rolls it back", async () => {
    await cf.send(new CreateStackCommand({ StackName: "cancel", TemplateBody: NET() }));
    await waitForStack(cf, "cancel");
    await sb.control("/_sandbox/faults", { body: { kind: "slow", stackName: "cancel", resourceType: "AWS::S3::Bucket", factor: 1000 } });
    await cf.send(
      new UpdateStackCommand({
        StackName: "cancel",
        TemplateBody: NET().replace("Status: Enabled", "Status: Suspended"),
        ClientRequestToken: "to-cancel",
      }),
    );
    await waitForStack(cf, "cancel", { until: (s) => s.StackStatus === "UPDATE_IN_PROGRESS" });
    await sb.control("/_sandbox/faults", { method: "DELETE" }); // the in-flight step keeps its slow due time
    await cf.send(new CancelUpdateStackCommand({ StackName: "cancel" }));
    const s = await waitForStack(cf, "cancel");
    expect(s.StackStatus).toBe("UPDATE_ROLLBACK_COMPLETE");
    const lines = (await events("cancel")).filter((e) => e.ClientRequestToken === "to-cancel").map(line);
    expect(lines).toContain("Bucket UPDATE_FAILED (Resource update cancelled)");
    expect(lines).toContain("cancel UPDATE_ROLLBACK_IN_PROGRESS (User Initiated)");
    const err = await cf.send(new CancelUpdateStackCommand({ StackName: "cancel" })).catch((e: Error) => e);
    expect((err as Error).name).toBe("ValidationError");
  });
});

describe("stack policy", () => {
  const DENY_SG = JSON.stringify({
    Statement: [
      { Effect: "Allow", Action: "Update:*", Principal: "*", Resource: "*" },
      { Effect: "Deny", Action: ["Update:Replace", "Update:Delete"], Principal: "*", Resource: "LogicalResourceId/Sg" },
    ],
  });

  it("blocks a denied replacement with UPDATE_FAILED and rolls back; an override lets one update through", async () => {
    await cf.send(new CreateStackCommand({ StackName: "pol", TemplateBody: NET(), StackPolicyBody: DENY_SG }));
    await waitForStack(cf, "pol");
    expect((await cf.send(new GetStackPolicyCommand({ StackName: "pol" }))).StackPolicyBody).toBe(DENY_SG);
    // Modify on another resource is allowed.
    await cf.send(new UpdateStackCommand({ StackName: "pol", TemplateBody: NET().replace("Status: Enabled", "Status: Suspended") }));
    expect((await waitForStack(cf, "pol")).StackStatus).toBe("UPDATE_COMPLETE");
    // Replacing Sg is denied.
    await cf.send(
      new UpdateStackCommand({
        StackName: "pol",
        TemplateBody: NET("other").replace("Status: Enabled", "Status: Suspended"),
        ClientRequestToken: "pol-1",
      }),
    );
    expect((await waitForStack(cf, "pol")).StackStatus).toBe("UPDATE_ROLLBACK_COMPLETE");
    const lines = (await events("pol")).filter((e) => e.ClientRequestToken === "pol-1").map(line);
    expect(lines).toContain("Sg UPDATE_FAILED (Action denied by stack policy: Statement [#1] has a Deny Effect)");
    // StackPolicyDuringUpdateBody overrides the policy for that one update.
    const allowAll = JSON.stringify({ Statement: [{ Effect: "Allow", Action: "Update:*", Principal: "*", Resource: "*" }] });
    await cf.send(
      new UpdateStackCommand({
        StackName: "pol",
        TemplateBody: NET("other").replace("Status: Enabled", "Status: Suspended"),
        StackPolicyDuringUpdateBody: allowAll,
      }),
    );
    expect((await waitForStack(cf, "pol")).StackStatus).toBe("UPDATE_COMPLETE");
    expect((await cf.send(new GetStackPolicyCommand({ StackName: "pol" }))).StackPolicyBody).toBe(DENY_SG);
    // Removing Sg (Update:Delete) is denied too.
    const noSg = NET("other")
      .replace(/ {2}Sg:\n.*\n.*\n/, "")
      .replace("Status: Enabled", "Status: Suspended");
    await cf.send(new UpdateStackCommand({ StackName: "pol", TemplateBody: noSg, ClientRequestToken: "pol-2" }));
    expect((await waitForStack(cf, "pol")).StackStatus).toBe("UPDATE_ROLLBACK_COMPLETE");
    expect((await events("pol")).filter((e) => e.ClientRequestToken === "pol-2").map(line)).toContain(
      "Sg UPDATE_FAILED (Action denied by stack policy: Statement [#1] has a Deny Effect)",
    );
  });

  it("denies everything not explicitly allowed once a policy is set", async () => {
    await cf.send(
      new SetStackPolicyCommand({
        StackName: "pol",
        StackPolicyBody: JSON.stringify({
          Statement: [{ Effect: "Allow", Action: "Update:Modify", Principal: "*", Resource: "LogicalResourceId/Vpc" }],
        }),
      }),
    );
    await cf.send(new UpdateStackCommand({ StackName: "pol", TemplateBody: NET("other"), ClientRequestToken: "pol-3" }));
    expect((await waitForStack(cf, "pol")).StackStatus).toBe("UPDATE_ROLLBACK_COMPLETE");
    const lines = (await events("pol")).filter((e) => e.ClientRequestToken === "pol-3").map(line);
    expect(lines.some((l) => l.startsWith("Bucket UPDATE_FAILED (Action denied by stack policy"))).toBe(true);
  });
});

describe("request faults", () => {
  it("answers with Throttling (HTTP 400), which the SDK retries", async () => {
    await sb.control("/_sandbox/faults", { body: { kind: "throttle", count: 1, actions: ["ListStacks"] } });
    const noRetry = sb.client({ maxAttempts: 1 });
    const err = await noRetry
      .send(new ListStacksCommand({}))
      .catch((e: { name: string; message: string; $metadata: { httpStatusCode: number } }) => e);
    expect(err).toMatchObject({ name: "Throttling", message: "Rate exceeded", $metadata: { httpStatusCode: 400 } });
    await sb.control("/_sandbox/faults", { body: { kind: "throttle", count: 2, actions: ["ListStacks"] } });
    const res = await cf.send(new ListStacksCommand({}));
    expect(res.$metadata.attempts).toBe(3);
  });

  it("answers with InternalFailure (HTTP 500) at a given rate", async () => {
    await sb.control("/_sandbox/faults", { body: { kind: "error", rate: 1, actions: ["DescribeStacks"] } });
    const err = await sb
      .client({ maxAttempts: 1 })
      .send(new DescribeStacksCommand({}))
      .catch((e: { name: string; $metadata: { httpStatusCode: number } }) => e);
    expect(err).toMatchObject({ name: "InternalFailure", $metadata: { httpStatusCode: 500 } });
    await sb.control("/_sandbox/faults", { method: "DELETE" });
    await expect(cf.send(new DescribeStacksCommand({}))).resolves.toBeTruthy();
  });

  it("holds answers back for a latency fault, as many times as its count says", async () => {
    await sb.control("/_sandbox/faults", { body: { kind: "latency", ms: 1000, count: 1, actions: ["ListStacks"] } });
    const t0 = Date.now();
    await cf.send(new ListStacksCommand({}));
    expect(Date.now() - t0).toBeGreaterThanOrEqual(1000);
    // Used up: gone from the list, and the next answer is not held back by it.
    expect(await sb.control<{ kind: string }[]>("/_sandbox/faults")).not.toContainEqual(expect.objectContaining({ kind: "latency" }));
    const bad = await fetch(`${sb.endpoint}/_sandbox/faults`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ kind: "latency", ms: 0 }),
    });
    expect(bad.status).toBe(400);
    expect(await bad.text()).toMatch(/a latency fault needs ms between 1 and 120000/);
  });

  it("slows a resource type", async () => {
    await sb.control("/_sandbox/faults", { body: { kind: "slow", resourceType: "AWS::SNS::Topic", factor: 50 } });
    const t0 = Date.now();
    await cf.send(new CreateStackCommand({ StackName: "slow", TemplateBody: "Resources:\n  T:\n    Type: AWS::SNS::Topic\n" }));
    await waitForStack(cf, "slow");
    // 10 simulated seconds × 50 at speed 2000 = 250 ms at least.
    expect(Date.now() - t0).toBeGreaterThanOrEqual(250);
  });

  it("slows only the operation a slow fault names", async () => {
    await sb.control("/_sandbox/faults", {
      body: { kind: "slow", stackName: "slow-delete", logicalId: "T", operation: "delete", factor: 1e6 },
    });
    // The create is not slowed: it completes as any other.
    await cf.send(new CreateStackCommand({ StackName: "slow-delete", TemplateBody: "Resources:\n  T:\n    Type: AWS::SNS::Topic\n" }));
    expect((await waitForStack(cf, "slow-delete")).StackStatus).toBe("CREATE_COMPLETE");
    // The delete is: a million times its 5 simulated seconds, it is still running a moment later.
    await cf.send(new DeleteStackCommand({ StackName: "slow-delete" }));
    await new Promise((r) => setTimeout(r, 300));
    const { Stacks } = await cf.send(new DescribeStacksCommand({ StackName: "slow-delete" }));
    expect(Stacks?.[0]?.StackStatus).toBe("DELETE_IN_PROGRESS");
  });

  it("fails a delete and retries it keeping the resource", async () => {
    await sb.control("/_sandbox/faults", {
      body: { kind: "fail", stackName: "slow", logicalId: "T", operation: "delete", reason: "in use", count: 1 },
    });
    await cf.send(new DeleteStackCommand({ StackName: "slow" }));
    const s = await waitForStack(cf, "slow");
    expect(s.StackStatus).toBe("DELETE_FAILED");
    expect(s.StackStatusReason).toBe("The following resource(s) failed to delete: [T]. ");
    await cf.send(new DeleteStackCommand({ StackName: "slow", RetainResources: ["T"] }));
    const gone = await waitForStack(cf, s.StackId!);
    expect(gone.StackStatus).toBe("DELETE_COMPLETE");
    expect((await events(s.StackId!)).map(line)).toContain("T DELETE_SKIPPED");
  });
});
