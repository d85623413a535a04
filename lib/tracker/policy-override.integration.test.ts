import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CloudFormationClient, GetStackPolicyCommand } from "@aws-sdk/client-cloudformation";
import { db } from "../db";
import type { SessionUser } from "../auth/roles";
import { makeUser } from "../../test/support/fixtures";
import { startRolloutWorld, type RolloutWorld } from "../../test/support/rollouts";
import { approveRequest } from "../changes/decide";
import { requestUpdate } from "../changes/request-update";
import { runNow } from "../maintenance/run-now";

// The stack policy denies replacing or deleting the client's data (the database). An approved
// update that replaces it lifts the policy for exactly that resource, for that update only: when
// the update ends, whether it succeeded or failed, the policy protects the data again.

let world: RolloutWorld;
let am: SessionUser;
const engineers: SessionUser[] = [];

beforeAll(async () => {
  // One attempt per call, so an injected throttle reaches the executor instead of the SDK's retries.
  process.env.CLOUDFORMATION_MAX_ATTEMPTS = "1";
  world = await startRolloutWorld();
  am = await makeUser("ACCOUNT_MANAGER");
  engineers.push(await makeUser("ENGINEER"), await makeUser("ENGINEER"));
}, 60_000);

afterAll(async () => {
  await world?.sandbox.stop();
  await db.$disconnect();
});

/** The statements of the stack's policy, read back through a second client of the sandbox. */
async function policyOf(stackId: string) {
  const cf = new CloudFormationClient({
    endpoint: world.sandbox.endpoint,
    region: "us-east-1",
    credentials: { accessKeyId: "sandbox", secretAccessKey: "sandbox" },
  });
  const { StackPolicyBody } = await cf.send(new GetStackPolicyCommand({ StackName: stackId }));
  return JSON.parse(StackPolicyBody!) as { Statement: { Effect: string; Action: string | string[]; Resource: string | string[] }[] };
}

/** CloudFormation answers the next `count` ExecuteChangeSet calls with that error (HTTP 400). */
const failExecuteChangeSet = (fault: { count: number; code: string; reason: string }) =>
  world.sandbox.control("/_sandbox/faults", {
    method: "POST",
    body: { kind: "error", actions: ["ExecuteChangeSet"], status: 400, ...fault },
  });

/** How many change-log entries of that action the request has. */
const entries = (requestId: string, action: "stack.policy_override" | "stack.policy_restored") =>
  db.auditEntry.count({ where: { entityId: requestId, action } });

const protectsDatabase = (policy: Awaited<ReturnType<typeof policyOf>>) =>
  policy.Statement.some(
    (s) =>
      s.Effect === "Deny" && [s.Action].flat().includes("Update:Replace") && [s.Resource].flat().includes("LogicalResourceId/Database"),
  );

/** Requests the engine change, approves it with as many engineers as it needs, and runs it now. */
async function replaceDatabase(clientId: string, engine: string) {
  const request = await requestUpdate(am, { clientId, overrides: { DatabaseEngine: engine }, reason: `Move to ${engine}` });
  let previewed = await world.until("the change set", async () => {
    const r = await db.changeRequest.findUniqueOrThrow({ where: { id: request.id } });
    return Boolean(r.changeSetId && r.changeSetSummary) && r;
  });
  expect(previewed.changeSetSummary).toContain("Database");
  for (const engineer of engineers.slice(0, previewed.requiredApprovals)) {
    await approveRequest(engineer, { requestId: request.id, version: previewed.version });
    previewed = await db.changeRequest.findUniqueOrThrow({ where: { id: request.id } });
  }
  // Replacing the database is disruptive: the executor's next pass schedules it for the
  // maintenance window, and an approver runs it now.
  const scheduled = await world.until("the schedule", async () => {
    const r = await db.changeRequest.findUniqueOrThrow({ where: { id: request.id } });
    return (r.state !== "APPROVED" || r.scheduledUntil) && r;
  });
  expect(scheduled.scheduledUntil).not.toBeNull();
  await runNow(engineers[0], { requestId: request.id });
  return world.until("the update", async () => {
    const r = await db.changeRequest.findUniqueOrThrow({ where: { id: request.id } });
    return (r.state === "SUCCEEDED" || r.state === "FAILED") && r;
  });
}

describe("the stack policy during an update that replaces the database", () => {
  it("is lifted for that update only, and protects the database again after it failed and after it succeeded", async () => {
    const [client] = await world.launchOnFirstVersion(am, engineers[0], [{ environment: "staging", prefix: "Policy" }]);
    expect(protectsDatabase(await policyOf(client.stackId!))).toBe(true);

    // The replacement fails; CloudFormation rolls the stack back to the old database.
    await world.sandbox.control("/_sandbox/faults", {
      method: "POST",
      body: { kind: "fail", stackName: client.stackName, logicalId: "Database", count: 1, reason: "Engine not available" },
    });
    const failed = await replaceDatabase(client.id, "mysql");
    expect(failed.state).toBe("FAILED");
    const overrides = await db.auditEntry.findMany({ where: { entityId: failed.id, action: "stack.policy_override" } });
    expect(overrides).toHaveLength(1);
    expect(JSON.parse(overrides[0].after!)).toMatchObject({ allowReplaceOf: ["Database"] });
    expect(protectsDatabase(await policyOf(client.stackId!))).toBe(true);
    expect(await entries(failed.id, "stack.policy_restored")).toBe(1);

    // The same change again, without the fault, succeeds; the database is protected after it too.
    const succeeded = await replaceDatabase(client.id, "mysql");
    expect(succeeded.state).toBe("SUCCEEDED");
    expect(await entries(succeeded.id, "stack.policy_override")).toBe(1);
    expect(protectsDatabase(await policyOf(client.stackId!))).toBe(true);
    expect(await entries(succeeded.id, "stack.policy_restored")).toBe(1);
  }, 180_000);

  it("protects the database again at once when CloudFormation refuses to execute the change set", async () => {
    const [client] = await world.launchOnFirstVersion(am, engineers[0], [{ environment: "staging", prefix: "Refused" }]);
    await failExecuteChangeSet({ count: 1, code: "InvalidChangeSetStatus", reason: "Change set cannot be executed in its current state" });
    const refused = await replaceDatabase(client.id, "mysql");
    expect(refused).toMatchObject({ state: "FAILED", failureReason: expect.stringContaining("cannot be executed") });
    expect(await entries(refused.id, "stack.policy_override")).toBe(1);
    expect(protectsDatabase(await policyOf(client.stackId!))).toBe(true);
    expect(await entries(refused.id, "stack.policy_restored")).toBe(1);
  }, 180_000);

  it("stays lifted while CloudFormation is throttled, so the update that is sent again can replace the database", async () => {
    const [client] = await world.launchOnFirstVersion(am, engineers[0], [{ environment: "staging", prefix: "Throttled" }]);
    await failExecuteChangeSet({ count: 2, code: "Throttling", reason: "Rate exceeded" });
    const done = await replaceDatabase(client.id, "mysql");
    expect(done.state).toBe("SUCCEEDED");
    // Lifted once and restored once in the change log, however many passes sent it.
    expect(await entries(done.id, "stack.policy_override")).toBe(1);
    expect(await entries(done.id, "stack.policy_restored")).toBe(1);
    expect(protectsDatabase(await policyOf(client.stackId!))).toBe(true);
  }, 180_000);
});
