import "server-only";
import { hostname } from "node:os";
import { randomUUID } from "node:crypto";
import { db, dbProvider } from "../db";
import { getEnv } from "../env";
import { appendAudit } from "../audit/append";
import * as cloud from "../cloud";
import { beginExecution } from "../changes/execute";
import { log, logUnexpected } from "../log";
import { deliverInBackground, notifyLaunch, notifyRequest } from "../notify";
import { prepareChangeSet } from "./changesets";
import { detectClientDrift, dueForDriftCheck } from "./drift";
import { pollOperation } from "./poll";
import { loadOperation, startOperation } from "./start";

// The executor and tracker loop: one per portal process (or `npm run worker`). Work is
// claimed through the database, so several processes share it without doing anything twice
// and a dead process's operations are taken over when its lease runs out.

export const WORKER_ID = `${hostname()}:${process.pid}:${randomUUID().slice(0, 6)}`;
// CloudFormation calls are I/O; polling many stacks at once keeps every stack's lag low. SQLite
// has one writer, so there fewer at once leave room for people's own transactions.
const concurrency = () => (dbProvider() === "sqlite" ? 12 : 64);

async function inBatches<T>(items: T[], fn: (item: T) => Promise<unknown>) {
  const n = concurrency();
  for (let i = 0; i < items.length; i += n) {
    await Promise.all(items.slice(i, i + n).map((item) => fn(item).catch((error) => logUnexpected(error, { where: "worker", item: String((item as { id?: string }).id ?? item) }))));
  }
}

/** Claims operations that are free (no lease, an expired lease, or ours) for another lease period. */
async function claimOperations(now: Date, leaseMs: number): Promise<string[]> {
  const active = { phase: { in: ["STARTING", "IN_PROGRESS"] } };
  // Renew our own leases in one statement, then claim free or expired ones one by one.
  await db.operation.updateMany({ where: { ...active, leaseOwner: WORKER_ID }, data: { leaseUntil: new Date(now.getTime() + leaseMs) } });
  const ours = await db.operation.findMany({ where: { ...active, leaseOwner: WORKER_ID }, select: { id: true }, take: 1000 });
  const candidates = await db.operation.findMany({
    where: { ...active, OR: [{ leaseUntil: null }, { leaseUntil: { lt: now } }] },
    select: { id: true, leaseOwner: true, leaseUntil: true },
    take: 500,
  });
  const claimed: string[] = ours.map((o) => o.id);
  for (const c of candidates) {
    const result = await db.operation.updateMany({
      where: { id: c.id, leaseOwner: c.leaseOwner, leaseUntil: c.leaseUntil },
      data: { leaseOwner: WORKER_ID, leaseUntil: new Date(now.getTime() + leaseMs) },
    });
    if (result.count === 1) {
      if (c.leaseOwner && c.leaseOwner !== WORKER_ID) log("info", "lease_taken_over", { operationId: c.id, from: c.leaseOwner, to: WORKER_ID });
      claimed.push(c.id);
    }
  }
  return claimed;
}

/** An approved update whose change set is gone or no longer executable goes back to review. */
async function changeSetStillValid(request: { id: string; kind: string; changeSetId: string | null; clientId: string; version: number }): Promise<boolean> {
  if (request.kind !== "RESIZE" && request.kind !== "REAPPLY") return true;
  const view = request.changeSetId ? await cloud.describeChangeSet(request.changeSetId) : null;
  if (view && view.status === "CREATE_COMPLETE" && view.executionStatus === "AVAILABLE") return true;
  await db.$transaction(async (tx) => {
    const moved = await tx.changeRequest.updateMany({ where: { id: request.id, version: request.version, state: "APPROVED" }, data: { state: "PENDING", changeSetId: null, changeSetSummary: null, version: { increment: 1 } } });
    if (moved.count !== 1) return;
    await tx.approval.updateMany({ where: { requestId: request.id }, data: { voided: true } });
    await appendAudit(tx, { actor: { id: null, label: "executor" }, action: "request.back_to_review", entityType: "ChangeRequest", entityId: request.id, clientId: request.clientId, before: { state: "APPROVED", changeSetId: request.changeSetId }, after: { state: "PENDING", reason: `The approved change set is ${view ? view.executionStatus ?? view.status : "gone"}; a new one will be prepared.` } });
    await notifyRequest(tx, "approval.needed", request.id);
  });
  return false;
}

export async function workOnce(): Promise<{ started: number; polled: number }> {
  const env = getEnv();
  const leaseMs = env.WORKER_LEASE_SECONDS * 1000;
  // 1. Change-set previews for update requests waiting for review.
  const previews = await db.changeRequest.findMany({ where: { state: "PENDING", kind: { in: ["RESIZE", "REAPPLY"] }, changeSetId: null, client: { stackId: { not: null } } }, select: { id: true }, take: 20 });
  await inBatches(previews, (r) => prepareChangeSet(r.id));
  // 2. Approved requests: begin (one instance wins each) and start them.
  const approved = await db.changeRequest.findMany({ where: { state: "APPROVED" }, select: { id: true, kind: true, changeSetId: true, clientId: true, version: true }, take: 50 });
  let started = 0;
  await inBatches(approved, async (r) => {
    if (!(await changeSetStillValid(r))) return;
    const op = await beginExecution(r.id, WORKER_ID, leaseMs).catch(() => null);
    if (op) started++;
  });
  // 3. Operations: start the ones not yet sent, poll the ones in flight.
  const claimed = await claimOperations(new Date(), leaseMs);
  await inBatches(claimed, async (id) => {
    const op = await loadOperation(id);
    if (!op) return;
    if (op.phase === "STARTING") await startOperation(op).catch((error) => failStart(op.id, error));
    else await pollOperation(op.id);
  });
  // 4. Scheduled drift detection, when configured (off by default).
  if (env.DRIFT_CHECK_MINUTES > 0) {
    await inBatches(await dueForDriftCheck(env.DRIFT_CHECK_MINUTES), (c) => detectClientDrift(c.id, { id: null, label: "drift schedule" }));
  }
  deliverInBackground(); // 5. Webhook notifications, sent without holding up this pass (lib/notify).
  return { started, polled: claimed.length };
}

/** A start CloudFormation refused (bad template, missing change set) fails the request with its reason. */
async function failStart(operationId: string, error: unknown) {
  if (!(error instanceof cloud.CloudError) && !(error instanceof Error && /change set/.test(error.message))) throw error;
  const op = await db.operation.findUniqueOrThrow({ where: { id: operationId } });
  const reason = error instanceof Error ? error.message : String(error);
  await db.$transaction(async (tx) => {
    await tx.operation.update({ where: { id: op.id }, data: { phase: "DONE", statusReason: reason, finishedAt: new Date(), leaseOwner: null, leaseUntil: null } });
    await tx.changeRequest.update({ where: { id: op.requestId }, data: { state: "FAILED", failureReason: reason, version: { increment: 1 } } });
    await tx.client.update({ where: { id: op.clientId }, data: { status: op.kind === "CREATE" ? "FAILED" : "ACTIVE", statusReason: `CloudFormation refused the ${op.kind.toLowerCase()}: ${reason}` } });
    await appendAudit(tx, { actor: { id: null, label: "executor" }, action: "request.fail", entityType: "ChangeRequest", entityId: op.requestId, clientId: op.clientId, before: { state: "EXECUTING" }, after: { state: "FAILED", reason } });
    await notifyLaunch(tx, false, op, reason);
  });
}

let timer: NodeJS.Timeout | undefined;
let running = false;

/** Starts the loop (idempotent). Each tick waits for the previous one to finish. */
export function startWorker(intervalMs = getEnv().WORKER_INTERVAL_MS): void {
  if (timer) return;
  log("info", "worker_started", { workerId: WORKER_ID, intervalMs });
  timer = setInterval(async () => {
    if (running) return;
    running = true;
    try {
      await workOnce();
    } catch (error) {
      logUnexpected(error, { where: "worker" });
    } finally {
      running = false;
    }
  }, intervalMs);
  timer.unref?.();
}

export function stopWorker(): void {
  if (timer) clearInterval(timer);
  timer = undefined;
}
