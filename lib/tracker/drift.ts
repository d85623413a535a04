import "server-only";
import { db } from "../db";
import { appendAudit, type Actor } from "../audit/append";
import * as cloud from "../cloud";
import { ConflictError, NotFoundError } from "../errors";
import { notifyDrift } from "../notify/enqueue";
import { LIVE_STATUSES } from "../clients/status";

export interface DriftFinding {
  logicalId: string;
  resourceType: string;
  status: string;
  explanations: string[];
}

/** A property difference in plain language. Pure. */
export function explainDifference(d: { path: string; expected: string; actual: string; type: string }): string {
  const property = d.path.replace(/^\//, "").replace(/\//g, ".");
  if (d.type === "REMOVE") return `${property} was removed outside CloudFormation (approved: ${d.expected})`;
  if (d.type === "ADD") return `${property} was added outside CloudFormation (now: ${d.actual})`;
  return `${property} is ${d.actual} but was approved as ${d.expected}`;
}

/**
 * Asks CloudFormation whether the live stack still matches its template, waits for the
 * answer, and records it on the client and in the change log in one transaction.
 */
export async function detectClientDrift(clientId: string, actor: Actor, timeoutMs = 120_000) {
  const client = await db.client.findUnique({ where: { id: clientId } });
  if (!client) throw new NotFoundError("That client");
  if (!client.stackId || !client.currentRevisionId || client.status === "DECOMMISSIONED")
    throw new ConflictError("This client has no live stack to check.");
  const detectionId = await cloud.detectDrift(client.stackId);
  const deadline = Date.now() + timeoutMs;
  let status = await cloud.driftDetectionStatus(detectionId, client.stackId);
  while (status.status === "DETECTION_IN_PROGRESS" && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 500));
    status = await cloud.driftDetectionStatus(detectionId, client.stackId);
  }
  if (status.status === "DETECTION_IN_PROGRESS")
    throw new ConflictError("Drift detection is still running in CloudFormation; try again in a minute.");
  const drifts = await cloud.resourceDrifts(client.stackId);
  const findings: DriftFinding[] = drifts
    .filter((d) => d.status !== "IN_SYNC" && d.status !== "NOT_CHECKED")
    .map((d) => ({
      logicalId: d.logicalId,
      resourceType: d.resourceType,
      status: d.status,
      explanations: d.differences.map(explainDifference),
    }));
  const driftStatus = status.driftStatus ?? (findings.length ? "DRIFTED" : "IN_SYNC");
  await db.$transaction(async (tx) => {
    await tx.client.update({
      where: { id: client.id },
      data: { driftStatus, driftCheckedAt: new Date(), driftReport: JSON.stringify(findings) },
    });
    await appendAudit(tx, {
      actor,
      action: "stack.drift",
      entityType: "Client",
      entityId: client.id,
      clientId: client.id,
      before: { driftStatus: client.driftStatus },
      after: { driftStatus, findings },
    });
    await notifyDrift(tx, client.id, { driftStatus, findings });
  });
  return { driftStatus, findings };
}

// Longer than a check can take (detectClientDrift waits at most two minutes for CloudFormation),
// so a check is never run twice at once; a check whose process died is retried after it.
export const DRIFT_LEASE_MS = 5 * 60_000;

/**
 * Scheduled checks: claims live clients not checked for `minutes`, oldest first, and returns
 * those this caller won. Each is claimed with a conditional update of its lease (and of the last
 * check's time as read), so of several portal instances on one database exactly one runs it.
 */
export async function claimDueDriftChecks(minutes: number, take = 10): Promise<{ id: string }[]> {
  const now = new Date();
  const before = new Date(now.getTime() - minutes * 60_000);
  const due = await db.client.findMany({
    where: {
      status: { in: [...LIVE_STATUSES] },
      stackId: { not: null },
      AND: [
        { OR: [{ driftCheckedAt: null }, { driftCheckedAt: { lt: before } }] },
        { OR: [{ driftLeaseUntil: null }, { driftLeaseUntil: { lt: now } }] },
      ],
    },
    orderBy: [{ driftCheckedAt: { sort: "asc", nulls: "first" } }, { id: "asc" }],
    select: { id: true, driftCheckedAt: true, driftLeaseUntil: true },
    take,
  });
  const claimed: { id: string }[] = [];
  for (const c of due) {
    const won = await db.client.updateMany({
      where: { id: c.id, driftCheckedAt: c.driftCheckedAt, driftLeaseUntil: c.driftLeaseUntil },
      data: { driftLeaseUntil: new Date(now.getTime() + DRIFT_LEASE_MS) },
    });
    if (won.count === 1) claimed.push({ id: c.id });
  }
  return claimed;
}
