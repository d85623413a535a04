import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startSandbox, type RunningSandbox } from "../../sandbox/testing/spawn";
import { db } from "../db";
import type { SessionUser } from "../auth/roles";
import { verifyAuditChain } from "../audit/verify";
import { makeUser, uniqueClientName } from "../../test/support/fixtures";
import { onboardOnFirstVersion } from "../../test/support/first-version";
import { startWorkerProcess, waitFor, type WorkerProcess } from "../../test/support/worker-process";
import { onboardClient } from "../changes/onboard-client";
import { approveRequest } from "../changes/decide";
import { approveRollout, createRollout, editWaves } from "./decide";
import { selectionSchema } from "./schemas";

// Two real worker processes step one rollout; one is killed with SIGKILL mid-wave. The other takes
// the rollout's lease over when it expires and finishes it: every client updated exactly once
// (one ExecuteChangeSet each in the sandbox's call log, one release and one approval each).

let sandbox: RunningSandbox;
const workers: WorkerProcess[] = [];
let eng: SessionUser, eng2: SessionUser;

beforeAll(async () => {
  sandbox = await startSandbox({ speed: 400 });
  [eng, eng2] = await Promise.all([makeUser("ENGINEER"), makeUser("ENGINEER")]);
}, 60_000);

afterAll(async () => {
  await Promise.all(workers.map((w) => w.stop()));
  await sandbox?.stop();
  await db.$disconnect();
});

const calls = async (action: string) => {
  const stats = (await (await fetch(`${sandbox.endpoint}/_sandbox/stats`)).json()) as { calls: Record<string, number> };
  return stats.calls[action] ?? 0;
};

describe("a rollout stepped by two workers", () => {
  it("starts no client twice, and finishes after one worker is killed mid-wave", async () => {
    const env = {
      CLOUDFORMATION_ENDPOINT: sandbox.endpoint,
      DATABASE_URL: process.env.DATABASE_URL!,
      NEXTAUTH_SECRET: process.env.NEXTAUTH_SECRET!,
      ROLLBACK_MONITORING_MINUTES: "0",
    };
    const first = startWorkerProcess(env);
    const second = startWorkerProcess(env);
    workers.push(first, second);

    const owner = await makeUser("ACCOUNT_MANAGER");
    const onboardings: { id: string }[] = [];
    for (let i = 0; i < 4; i++) {
      const request = await onboardClient(owner, {
        displayName: uniqueClientName(`Pair ${i}`),
        environment: "staging",
        region: "us-east-1",
        blueprintId: "stateless-web",
        sizeId: "small",
      });
      await onboardOnFirstVersion(request.id);
      const fresh = await db.changeRequest.findUniqueOrThrow({ where: { id: request.id } });
      await approveRequest(eng, { requestId: request.id, version: fresh.version });
      onboardings.push(request);
    }
    await waitFor(
      "the launches",
      async () =>
        (await db.changeRequest.count({ where: { id: { in: onboardings.map((o) => o.id) }, state: "SUCCEEDED" } })) === onboardings.length,
      120_000,
    );

    const rollout = await createRollout(eng, { selection: selectionSchema.parse({ blueprintId: "stateless-web", ownerId: owner.id }) });
    const review = await waitFor(
      "the review",
      async () => {
        const r = await db.rollout.findUniqueOrThrow({ where: { id: rollout.id } });
        return r.state === "REVIEW" && r;
      },
      120_000,
    );
    await editWaves(eng, {
      rolloutId: rollout.id,
      version: review.version,
      waves: { waves: [{ count: 4, maxConcurrency: 2, bakeMinutes: 0, toleranceKind: "count", toleranceValue: 0 }] },
    });
    const ready = await db.rollout.findUniqueOrThrow({ where: { id: rollout.id } });
    const executesBefore = await calls("ExecuteChangeSet");
    await approveRollout(eng2, { rolloutId: rollout.id, version: ready.version, manifestHash: ready.manifestHash! });

    // Mid-wave: a client released, the rest not yet done. One worker dies without a word.
    await waitFor(
      "a released client",
      async () => (await db.rolloutTarget.count({ where: { rolloutId: rollout.id, state: "RELEASED" } })) > 0,
      60_000,
    );
    await first.kill9();
    await waitFor(
      "the rollout to finish",
      async () => (await db.rollout.findUniqueOrThrow({ where: { id: rollout.id } })).state === "FINISHED",
      180_000,
    );

    expect(await calls("ExecuteChangeSet")).toBe(executesBefore + 4);
    const releases = await db.auditEntry.findMany({ where: { entityId: rollout.id, action: "rollout.release" } });
    expect(releases).toHaveLength(4);
    expect(new Set(releases.map((r) => r.clientId)).size).toBe(4);
    const requests = await db.changeRequest.findMany({ where: { rolloutId: rollout.id }, include: { approvals: true } });
    expect(requests.map((r) => [r.state, r.approvals.length])).toEqual(Array(4).fill(["SUCCEEDED", 1]));
    expect(await db.operation.count({ where: { requestId: { in: requests.map((r) => r.id) } } })).toBe(4);
    expect((await verifyAuditChain(db)).ok).toBe(true);
  }, 420_000);
});
