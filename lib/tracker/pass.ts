import "server-only";
import { db, dbProvider } from "../db";
import { getEnv } from "../env";
import * as cloud from "../cloud";
import { beginExecution, failExecution, sendBackToReview } from "../changes/execute";
import { mayBeginNow } from "../maintenance/schedule";
import { CHANGE_SET_KINDS, usesChangeSet } from "../changes/state-machine";
import { ConflictError } from "../errors";
import { logWorkerError } from "../log";
import { deliverInBackground } from "../notify";
import { checkpointInBackground } from "../audit/checkpoint";
import { prismaChainSource } from "../audit/verify";
import { prepareChangeSet } from "./changesets";
import { claimDueDriftChecks, detectClientDrift } from "./drift";
import { claimOperations, WORKER_ID, type HeldOperation } from "./leases";
import { newMemo, pollOperation, resetMemo, type PollMemo } from "./poll";
import { loadOperation, startOperation, StartRefusedError } from "./start";
import { finishOperation } from "./finish";
import { stepRollouts } from "../rollouts/pass";

// One pass of the executor and tracker: the bookkeeping (previews, starts, leases, drift checks,
// webhooks) and the step that moves one held operation on. scheduler.ts runs them in a loop.

// CloudFormation calls are I/O; polling many stacks at once keeps every stack's lag low. SQLite
// has one writer, so there fewer at once leave room for people's own transactions.
export const concurrency = () => (dbProvider() === "sqlite" ? 16 : 64);
export const slowConcurrency = () => (dbProvider() === "sqlite" ? 4 : 16);

async function inBatches<T>(items: T[], fn: (item: T) => Promise<unknown>) {
  const n = concurrency();
  for (let i = 0; i < items.length; i += n) {
    await Promise.all(
      items
        .slice(i, i + n)
        .map((item) =>
          fn(item).catch((error) => logWorkerError(error, { where: "worker", item: String((item as { id?: string }).id ?? item) })),
        ),
    );
  }
}

/** An approved update runs only its approved change set: one that is gone or no longer executable sends it back to review. */
async function changeSetStillValid(request: { id: string; kind: string; changeSetId: string | null; clientId: string; version: number }) {
  if (!usesChangeSet(request.kind)) return true;
  const view = request.changeSetId ? await cloud.describeChangeSet(request.changeSetId) : null;
  if (view && view.status === "CREATE_COMPLETE" && view.executionStatus === "AVAILABLE") return true;
  await sendBackToReview(
    request,
    `The approved change set is ${view ? (view.executionStatus ?? view.status) : "gone"}; a new one will be prepared.`,
  );
  return false;
}

/** Begins an approved request; another instance beginning it first is expected and not an error. */
async function begin(requestId: string, leaseMs: number): Promise<boolean> {
  try {
    return Boolean(await beginExecution(requestId, WORKER_ID, leaseMs));
  } catch (error) {
    if (error instanceof ConflictError) return false;
    throw error;
  }
}

/**
 * The bookkeeping part of a pass: change-set previews, starting approved requests, renewing
 * and claiming leases, scheduled drift checks. Returns the operations this process holds.
 */
export async function runHousekeeping(
  now: Date = new Date(),
): Promise<{ started: number; claimed: HeldOperation[]; drift: Promise<void> | null }> {
  const env = getEnv();
  const leaseMs = env.WORKER_LEASE_SECONDS * 1000;
  // 1. Change-set previews for update requests waiting for review; a rollout's, a few per pass
  //    (ROLLOUT_CHANGE_SETS_PER_PASS) after people's own, so a 500-client rollout neither holds
  //    them up nor goes past CloudFormation's API limits.
  const waiting = {
    state: "PENDING",
    kind: { in: [...CHANGE_SET_KINDS] },
    changeSetId: null,
    changeSetSummary: null,
    client: { stackId: { not: null } },
  };
  const previews = [
    ...(await db.changeRequest.findMany({ where: { ...waiting, rolloutId: null }, select: { id: true }, take: 20 })),
    ...(await db.changeRequest.findMany({
      where: { ...waiting, rolloutId: { not: null } },
      select: { id: true },
      orderBy: { createdAt: "asc" },
      take: env.ROLLOUT_CHANGE_SETS_PER_PASS,
    })),
  ];
  await inBatches(previews, (r) => prepareChangeSet(r.id));
  // 2. Fleet rollouts: preparation steps, and releasing each wave's next clients (lib/rollouts),
  //    before the approved requests are begun, so a released client begins in the same pass.
  await stepRollouts(WORKER_ID, leaseMs, now);
  // 3. Approved requests: begin (one instance wins each) and start them; a disruptive change waits
  //    for the client's maintenance window (lib/maintenance/schedule.ts).
  const approved = await db.changeRequest.findMany({
    where: { state: "APPROVED" },
    select: { id: true, kind: true, changeSetId: true, clientId: true, version: true },
    take: 50,
  });
  let started = 0;
  await inBatches(approved, async (r) => {
    if ((await changeSetStillValid(r)) && (await mayBeginNow(r.id, now)) && (await begin(r.id, leaseMs))) started++;
  });
  // 4. The operations this process starts and follows.
  const claimed = await claimOperations(new Date(), leaseMs);
  // 5. Scheduled drift detection, when configured (off by default): only the checks this process claimed.
  const drift = env.DRIFT_CHECK_MINUTES > 0 ? scheduledDriftChecks(env.DRIFT_CHECK_MINUTES) : null;
  deliverInBackground(); // 6. Webhook notifications, sent without holding up this pass (lib/notify).
  void checkpointInBackground(() => prismaChainSource(db)); // 7. A signed checkpoint of the change log when one is due.
  return { started, claimed, drift };
}

let driftChecks: Promise<void> | null = null;

/**
 * A drift check waits for CloudFormation (up to two minutes), so the scheduled ones run beside the
 * passes, never inside one: the passes keep renewing this process's leases meanwhile. One batch
 * at a time; the promise settles when it is done (workOnce waits for it, the running loop does not).
 */
function scheduledDriftChecks(minutes: number): Promise<void> {
  if (driftChecks) return driftChecks;
  const batch = (async () => {
    try {
      await inBatches(await claimDueDriftChecks(minutes), (c) => detectClientDrift(c.id, { id: null, label: "drift schedule" }));
    } catch (error) {
      logWorkerError(error, { where: "drift schedule" });
    } finally {
      driftChecks = null;
    }
  })();
  driftChecks = batch;
  return batch;
}

/**
 * A start CloudFormation refused (a bad template, a missing change set) fails the request with its
 * reason. Throttling and an unreachable CloudFormation are not refusals: the operation stays
 * STARTING and the next pass sends the same call again (its token makes that safe).
 */
async function startOrFail(op: NonNullable<Awaited<ReturnType<typeof loadOperation>>>): Promise<void> {
  try {
    await startOperation(op);
  } catch (error) {
    const refused = error instanceof StartRefusedError || (error instanceof cloud.CloudError && !error.transient);
    if (!refused) throw error;
    await failExecution(op, (error as Error).message);
  }
}

/** Sends a STARTING operation's CloudFormation call, polls one in flight, or completes one that ended. True when it is done. */
export async function stepOperation(id: string, memo: PollMemo, deferFinish = false): Promise<boolean> {
  if (memo.terminal) {
    const done = await finishOperation(id, memo.terminal);
    if (!done) resetMemo(memo);
    return done;
  }
  if (!memo.op || memo.op.phase === "STARTING") {
    const op = await loadOperation(id);
    if (!op || op.phase === "DONE") return true;
    if (op.phase === "STARTING") {
      await startOrFail(op);
      memo.op = undefined;
      return false;
    }
  }
  return (await pollOperation(id, memo, { deferFinish })).done;
}

/** One full pass, everything once (tests and one-off runs; the running loop is scheduler.ts's startWorker). */
export async function workOnce(): Promise<{ started: number; polled: number }> {
  const { started, claimed, drift } = await runHousekeeping();
  await Promise.all([inBatches(claimed, ({ id }) => stepOperation(id, newMemo())), drift]);
  return { started, polled: claimed.length };
}
