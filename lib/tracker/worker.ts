import "server-only";
import { hostname } from "node:os";
import { randomUUID } from "node:crypto";
import { db, dbProvider } from "../db";
import { getEnv } from "../env";
import { appendAudit } from "../audit/append";
import * as cloud from "../cloud";
import { beginExecution } from "../changes/execute";
import { log, logUnexpected, withLogContext } from "../log";
import { deliverInBackground, notifyLaunch, notifyRequest } from "../notify";
import { prepareChangeSet } from "./changesets";
import { claimDueDriftChecks, detectClientDrift } from "./drift";
import { newMemo, pollOperation, resetMemo, type PollMemo } from "./poll";
import { loadOperation, startOperation } from "./start";
import { finishOperation } from "./finish";

// The executor and tracker loop: one per portal process (or `npm run worker`). Work is
// claimed through the database, so several processes share it without doing anything twice
// and a dead process's operations are taken over when its lease runs out.

export const WORKER_ID = `${hostname()}:${process.pid}:${randomUUID().slice(0, 6)}`;
// CloudFormation calls are I/O; polling many stacks at once keeps every stack's lag low. SQLite
// has one writer, so there fewer at once leave room for people's own transactions.
const concurrency = () => (dbProvider() === "sqlite" ? 16 : 64);

async function inBatches<T>(items: T[], fn: (item: T) => Promise<unknown>) {
  const n = concurrency();
  for (let i = 0; i < items.length; i += n) {
    await Promise.all(
      items
        .slice(i, i + n)
        .map((item) =>
          fn(item).catch((error) => logUnexpected(error, { where: "worker", item: String((item as { id?: string }).id ?? item) })),
        ),
    );
  }
}

/** Claims operations that are free (no lease, an expired lease, or ours) for another lease period. */
async function claimOperations(now: Date, leaseMs: number): Promise<{ id: string; phase: string }[]> {
  const active = { phase: { in: ["STARTING", "IN_PROGRESS"] } };
  // Renew our own leases in one statement, then claim free or expired ones one by one.
  await db.operation.updateMany({ where: { ...active, leaseOwner: WORKER_ID }, data: { leaseUntil: new Date(now.getTime() + leaseMs) } });
  const ours = await db.operation.findMany({ where: { ...active, leaseOwner: WORKER_ID }, select: { id: true, phase: true }, take: 1000 });
  const candidates = await db.operation.findMany({
    where: { ...active, OR: [{ leaseUntil: null }, { leaseUntil: { lt: now } }] },
    select: { id: true, phase: true, leaseOwner: true, leaseUntil: true },
    take: 500,
  });
  const claimed = ours.map((o) => ({ id: o.id, phase: o.phase }));
  for (const c of candidates) {
    const result = await db.operation.updateMany({
      where: { id: c.id, leaseOwner: c.leaseOwner, leaseUntil: c.leaseUntil },
      data: { leaseOwner: WORKER_ID, leaseUntil: new Date(now.getTime() + leaseMs) },
    });
    if (result.count === 1) {
      if (c.leaseOwner && c.leaseOwner !== WORKER_ID)
        log("info", "lease_taken_over", { operationId: c.id, from: c.leaseOwner, to: WORKER_ID });
      claimed.push({ id: c.id, phase: c.phase });
    }
  }
  return claimed;
}

/** An approved update whose change set is gone or no longer executable goes back to review. */
async function changeSetStillValid(request: {
  id: string;
  kind: string;
  changeSetId: string | null;
  clientId: string;
  version: number;
}): Promise<boolean> {
  if (request.kind !== "RESIZE" && request.kind !== "REAPPLY") return true;
  const view = request.changeSetId ? await cloud.describeChangeSet(request.changeSetId) : null;
  if (view && view.status === "CREATE_COMPLETE" && view.executionStatus === "AVAILABLE") return true;
  await db.$transaction(async (tx) => {
    const moved = await tx.changeRequest.updateMany({
      where: { id: request.id, version: request.version, state: "APPROVED" },
      data: { state: "PENDING", changeSetId: null, changeSetSummary: null, version: { increment: 1 } },
    });
    if (moved.count !== 1) return;
    await tx.approval.updateMany({ where: { requestId: request.id }, data: { voided: true } });
    await appendAudit(tx, {
      actor: { id: null, label: "executor" },
      action: "request.back_to_review",
      entityType: "ChangeRequest",
      entityId: request.id,
      clientId: request.clientId,
      before: { state: "APPROVED", changeSetId: request.changeSetId },
      after: {
        state: "PENDING",
        reason: `The approved change set is ${view ? (view.executionStatus ?? view.status) : "gone"}; a new one will be prepared.`,
      },
    });
    await notifyRequest(tx, "approval.needed", request.id);
  });
  return false;
}

/**
 * The bookkeeping part of a pass: change-set previews, starting approved requests, renewing
 * and claiming leases, scheduled drift checks. Returns the operations this process holds.
 */
async function housekeeping(): Promise<{ started: number; claimed: { id: string; phase: string }[]; drift: Promise<void> | null }> {
  const env = getEnv();
  const leaseMs = env.WORKER_LEASE_SECONDS * 1000;
  // 1. Change-set previews for update requests waiting for review.
  const previews = await db.changeRequest.findMany({
    where: { state: "PENDING", kind: { in: ["RESIZE", "REAPPLY"] }, changeSetId: null, client: { stackId: { not: null } } },
    select: { id: true },
    take: 20,
  });
  await inBatches(previews, (r) => prepareChangeSet(r.id));
  // 2. Approved requests: begin (one instance wins each) and start them.
  const approved = await db.changeRequest.findMany({
    where: { state: "APPROVED" },
    select: { id: true, kind: true, changeSetId: true, clientId: true, version: true },
    take: 50,
  });
  let started = 0;
  await inBatches(approved, async (r) => {
    if (!(await changeSetStillValid(r))) return;
    const op = await beginExecution(r.id, WORKER_ID, leaseMs).catch(() => null);
    if (op) started++;
  });
  // 3. The operations this process starts and follows.
  const claimed = await claimOperations(new Date(), leaseMs);
  // 4. Scheduled drift detection, when configured (off by default): only the checks this process claimed.
  const drift = env.DRIFT_CHECK_MINUTES > 0 ? scheduledDriftChecks(env.DRIFT_CHECK_MINUTES) : null;
  deliverInBackground(); // 5. Webhook notifications, sent without holding up this pass (lib/notify).
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
      logUnexpected(error, { where: "drift schedule" });
    } finally {
      driftChecks = null;
    }
  })();
  driftChecks = batch;
  return batch;
}

/** Sends a STARTING operation's CloudFormation call, polls one in flight, or completes one that ended. */
async function advance(id: string, memo: PollMemo, deferFinish = false): Promise<boolean> {
  if (memo.terminal) {
    const done = await finishOperation(id, memo.terminal);
    if (!done) resetMemo(memo);
    return done;
  }
  if (!memo.op || memo.op.phase === "STARTING") {
    const op = await loadOperation(id);
    if (!op || op.phase === "DONE") return true;
    if (op.phase === "STARTING") {
      await startOperation(op).catch((error) => failStart(op.id, error));
      memo.op = undefined;
      return false;
    }
  }
  return (await pollOperation(id, memo, { deferFinish })).done;
}

/** One full pass, everything once (tests and one-off runs; the running loop is startWorker). */
export async function workOnce(): Promise<{ started: number; polled: number }> {
  const { started, claimed, drift } = await housekeeping();
  await Promise.all([inBatches(claimed, ({ id }) => advance(id, newMemo())), drift]);
  return { started, polled: claimed.length };
}

/** A start CloudFormation refused (bad template, missing change set) fails the request with its reason. */
async function failStart(operationId: string, error: unknown) {
  if (!(error instanceof cloud.CloudError) && !(error instanceof Error && /change set/.test(error.message))) throw error;
  const op = await db.operation.findUniqueOrThrow({ where: { id: operationId } });
  const reason = error instanceof Error ? error.message : String(error);
  await db.$transaction(async (tx) => {
    await tx.operation.update({
      where: { id: op.id },
      data: { phase: "DONE", statusReason: reason, finishedAt: new Date(), leaseOwner: null, leaseUntil: null },
    });
    await tx.changeRequest.update({
      where: { id: op.requestId },
      data: { state: "FAILED", failureReason: reason, version: { increment: 1 } },
    });
    await tx.client.update({
      where: { id: op.clientId },
      data: {
        status: op.kind === "CREATE" ? "FAILED" : "ACTIVE",
        statusReason: `CloudFormation refused the ${op.kind.toLowerCase()}: ${reason}`,
      },
    });
    await appendAudit(tx, {
      actor: { id: null, label: "executor" },
      action: "request.fail",
      entityType: "ChangeRequest",
      entityId: op.requestId,
      clientId: op.clientId,
      before: { state: "EXECUTING" },
      after: { state: "FAILED", reason },
    });
    await notifyLaunch(tx, false, op, reason);
  });
}

/**
 * The running loop. Housekeeping runs every interval; each held operation is polled on its own
 * schedule (at most once an interval, oldest-due first, a fixed number at a time), so one slow
 * stack never holds up the others and a poll follows the previous one as soon as capacity
 * allows. Nothing is polled for stacks with no operation in progress.
 */
class Tracker {
  private readonly tracked = new Map<string, { due: number; memo: PollMemo; starting: boolean }>();
  private readonly inFlight = new Map<string, Lane>();
  private timers: NodeJS.Timeout[] = [];
  private housekeepingRunning = false;

  constructor(private readonly intervalMs: number) {}

  start() {
    this.timers.push(setInterval(() => void this.housekeep(), this.intervalMs));
    this.timers.push(setInterval(() => this.pump(), Math.min(50, this.intervalMs)));
    for (const t of this.timers) t.unref?.();
    void this.housekeep();
  }

  stop() {
    for (const t of this.timers) clearInterval(t);
    this.timers = [];
  }

  private async housekeep() {
    if (this.housekeepingRunning) return;
    this.housekeepingRunning = true;
    try {
      const { claimed } = await housekeeping();
      const held = new Set(claimed.map((c) => c.id));
      // A lease lost (this process was too slow to renew it) means another instance follows it now.
      for (const id of this.tracked.keys()) if (!held.has(id) && !this.inFlight.has(id)) this.tracked.delete(id);
      for (const c of claimed)
        if (!this.tracked.has(c.id)) this.tracked.set(c.id, { due: 0, memo: newMemo(), starting: c.phase === "STARTING" });
      this.pump();
    } catch (error) {
      logUnexpected(error, { where: "worker" });
    } finally {
      this.housekeepingRunning = false;
    }
  }

  /**
   * Two lanes: polls (one quick call each) and the slow work of starting and completing
   * operations (several calls and a transaction). Many launches starting at once must not
   * hold up the polls of the ones already running.
   */
  private pump() {
    if (!this.tracked.size) return;
    const now = Date.now();
    const busy = { poll: 0, slow: 0 };
    for (const lane of this.inFlight.values()) busy[lane]++;
    const free = { poll: concurrency() - busy.poll, slow: slowConcurrency() - busy.slow };
    const due = [...this.tracked].filter(([id, t]) => t.due <= now && !this.inFlight.has(id)).sort((a, b) => a[1].due - b[1].due);
    for (const [id, entry] of due) {
      const lane: Lane = entry.starting || entry.memo.terminal ? "slow" : "poll";
      if (free[lane] <= 0) continue;
      free[lane]--;
      this.inFlight.set(id, lane);
      advance(id, entry.memo, true)
        .then((done) => {
          if (done) this.tracked.delete(id);
          // Just started: the first events are a moment away. Just ended: complete it at once.
          else entry.due = entry.memo.terminal ? 0 : Date.now() + this.intervalMs;
          entry.starting = false;
        })
        .catch((error) => {
          entry.memo = newMemo();
          entry.due = Date.now() + this.intervalMs;
          logUnexpected(error, { where: "worker", operationId: id });
        })
        .finally(() => {
          this.inFlight.delete(id);
          this.pump();
        });
    }
  }
}

type Lane = "poll" | "slow";
const slowConcurrency = () => (dbProvider() === "sqlite" ? 4 : 16);

let tracker: Tracker | undefined;

/** Starts the loop (idempotent). */
export function startWorker(intervalMs = getEnv().WORKER_INTERVAL_MS): void {
  if (tracker) return;
  log("info", "worker_started", { workerId: WORKER_ID, intervalMs });
  tracker = new Tracker(intervalMs);
  // Timers started inside the context keep it, so every line the loop logs carries worker:<id>.
  withLogContext({ requestId: `worker:${WORKER_ID}` }, () => tracker!.start());
}

export function stopWorker(): void {
  tracker?.stop();
  tracker = undefined;
}
