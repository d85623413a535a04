import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ListStacksCommand } from "@aws-sdk/client-cloudformation";
import { allStackEvents, startSandbox, type RunningSandbox } from "../../sandbox/testing/spawn";
import { db } from "../db";
import { verifyAuditChain } from "../audit/verify";
import { liveStatus, operationEvents } from "./queries";
import { onboardClient } from "../changes/onboard-client";
import { approveRequest } from "../changes/decide";
import { makeUser, uniqueClientName } from "../../test/support/fixtures";
import { startWorkerProcess, waitFor, type WorkerProcess } from "../../test/support/worker-process";

// The tracker is killed with SIGKILL in the middle of a launch; a second one takes over when
// the lease runs out. Exactly one stack exists and every event is stored exactly once.

let sandbox: RunningSandbox;
const workers: WorkerProcess[] = [];

beforeAll(async () => {
  sandbox = await startSandbox({ speed: 80 });
}, 60_000);

afterAll(async () => {
  await Promise.all(workers.map((w) => w.stop()));
  await sandbox?.stop();
  await db.$disconnect();
});

describe("tracker", () => {
  it("finishes a launch after the tracker is killed mid-way, with no stack or event twice", async () => {
    const [am, eng] = await Promise.all([makeUser("ACCOUNT_MANAGER"), makeUser("ENGINEER")]);
    const request = await onboardClient(am, {
      displayName: uniqueClientName("Killco"),
      environment: "staging",
      region: "us-east-1",
      blueprintId: "stateless-web",
      sizeId: "medium",
    });
    await approveRequest(eng, { requestId: request.id, version: request.version });
    const env = {
      CLOUDFORMATION_ENDPOINT: sandbox.endpoint,
      DATABASE_URL: process.env.DATABASE_URL!,
      NEXTAUTH_SECRET: process.env.NEXTAUTH_SECRET!,
    };

    const first = startWorkerProcess(env);
    workers.push(first);
    const operation = await waitFor("events to arrive", async () => {
      const op = await db.operation.findUnique({ where: { requestId: request.id } });
      return op && (await db.stackEvent.count({ where: { operationId: op.id } })) >= 10 && op;
    });
    await first.kill9();
    const eventsAtKill = await db.stackEvent.count({ where: { operationId: operation.id } });
    expect((await db.changeRequest.findUniqueOrThrow({ where: { id: request.id } })).state).toBe("EXECUTING");

    const second = startWorkerProcess(env);
    workers.push(second);
    const done = await waitFor(
      "the launch to finish",
      async () => {
        const r = await db.changeRequest.findUniqueOrThrow({ where: { id: request.id } });
        return (r.state === "SUCCEEDED" || r.state === "FAILED") && r;
      },
      120_000,
    );
    expect(done.state).toBe("SUCCEEDED");
    expect(second.output()).toMatch(/lease_taken_over/);

    const finished = await db.operation.findUniqueOrThrow({ where: { id: operation.id } });
    const stored = await db.stackEvent.findMany({ where: { operationId: operation.id } });
    expect(stored.length).toBeGreaterThan(eventsAtKill);
    expect(new Set(stored.map((e) => e.eventId)).size).toBe(stored.length);
    const emitted = (await allStackEvents(sandbox.client(), finished.stackId!)).filter((e) => e.ClientRequestToken === finished.token);
    expect(stored.map((e) => e.eventId).sort()).toEqual(emitted.map((e) => e.EventId!).sort());

    const client = await db.client.findUniqueOrThrow({ where: { id: request.clientId } });
    expect(client.status).toBe("ACTIVE");
    expect(JSON.parse(client.outputs!)).toHaveProperty("Url");
    const stacks = await sandbox.client().send(new ListStacksCommand({}));
    expect((stacks.StackSummaries ?? []).filter((s) => s.StackName === client.stackName)).toHaveLength(1);
    expect((await verifyAuditChain(db)).ok).toBe(true);

    // The client page shows the finished launch folded: no events but their count, and the same
    // progress as from every event. The timeline loads its events when opened, for this client only.
    const full = (await liveStatus(client.id))!;
    const folded = (await liveStatus(client.id, { foldFinished: true }))!;
    expect(full.events).toHaveLength(stored.length);
    expect(folded).toMatchObject({ events: [], eventCount: stored.length, progress: full.progress, operation: full.operation });
    expect(folded.progress).toMatchObject({ percent: 100, failed: false, done: full.progress!.total });
    expect((await operationEvents(client.id, operation.id))!.map((e) => e.seq)).toEqual(full.events.map((e) => e.seq));
    // Another client's timeline never shows this operation's events.
    const other = await onboardClient(am, {
      displayName: uniqueClientName("Otherco"),
      environment: "staging",
      region: "us-east-1",
      blueprintId: "stateless-web",
      sizeId: "small",
    });
    expect(await db.client.findUnique({ where: { id: other.clientId } })).not.toBeNull();
    expect(await operationEvents(other.clientId, operation.id)).toBeNull();
  }, 240_000);
});
