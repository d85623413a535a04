import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "../db";
import type { SessionUser } from "../auth/roles";
import { getBlueprint } from "../catalog";
import { makeUser } from "../../test/support/fixtures";
import { startRolloutWorld, type RolloutWorld } from "../../test/support/rollouts";
import { approveRequest } from "../changes/decide";
import { requestUpdate } from "../changes/request-update";
import { beginExecution } from "../changes/execute";
import * as cloud from "../cloud";

// A worker can die between sending an operation's CloudFormation call and recording that it did.
// The worker that takes the operation over must not send it again: an update whose approved change
// set is already executing (or executed) is followed, not re-sent.

let world: RolloutWorld;
let am: SessionUser, eng: SessionUser;
const current = getBlueprint("stateless-web")!.version;

beforeAll(async () => {
  world = await startRolloutWorld();
  [am, eng] = await Promise.all([makeUser("ACCOUNT_MANAGER"), makeUser("ENGINEER")]);
}, 60_000);

afterAll(async () => {
  await world?.sandbox.stop();
  await db.$disconnect();
});

const calls = async (action: string) => {
  const stats = (await (await fetch(`${world.sandbox.endpoint}/_sandbox/stats`)).json()) as { calls: Record<string, number> };
  return stats.calls[action] ?? 0;
};

describe("starting an operation after a crash", () => {
  it("does not execute an update's change set a second time when the crashed worker already had", async () => {
    const [client] = await world.launchOnFirstVersion(am, eng, [{ environment: "staging", prefix: "Crashed" }]);
    const request = await requestUpdate(am, { clientId: client.id, overrides: {}, reason: "Alarms" });
    const previewed = await world.until("the change set", async () => {
      const r = await db.changeRequest.findUniqueOrThrow({ where: { id: request.id } });
      return Boolean(r.changeSetId && r.changeSetSummary) && r;
    });
    await approveRequest(eng, { requestId: request.id, version: previewed.version });

    // The crashed worker: it began the request, sent ExecuteChangeSet, and died before recording it.
    const { WORKER_ID } = await import("./leases");
    await beginExecution(request.id, WORKER_ID, 60_000);
    const op = await db.operation.findUniqueOrThrow({ where: { requestId: request.id } });
    expect(op.phase).toBe("STARTING");
    const before = await calls("ExecuteChangeSet");
    await cloud.executeChangeSet(previewed.changeSetId!, op.token);

    // The worker that holds it now starts it, follows it and finishes it.
    const done = await world.until("the update", async () => {
      const r = await db.changeRequest.findUniqueOrThrow({ where: { id: request.id } });
      return (r.state === "SUCCEEDED" || r.state === "FAILED") && r;
    });
    expect(done.state).toBe("SUCCEEDED");
    expect(await calls("ExecuteChangeSet")).toBe(before + 1);
    const started = await db.auditEntry.findMany({ where: { entityId: op.id, action: "stack.operation_started" } });
    expect(started).toHaveLength(1);
    const live = await db.client.findUniqueOrThrow({ where: { id: client.id }, include: { currentRevision: true } });
    expect(live.currentRevision!.blueprintVersion).toBe(current);
  }, 120_000);
});
