import "server-only";
import { hostname } from "node:os";
import { randomUUID } from "node:crypto";
import { db } from "../db";
import { log } from "../log";

// Operations are claimed through the database with a lease, so several portal processes share
// them without doing anything twice, and a dead process's operations are taken over when its
// lease runs out.

/** This process's identity as a lease owner (and in its log lines: worker:<id>). */
export const WORKER_ID = `${hostname()}:${process.pid}:${randomUUID().slice(0, 6)}`;

const ACTIVE = { phase: { in: ["STARTING", "IN_PROGRESS"] } };

export interface HeldOperation {
  id: string;
  phase: string;
}

/** Claims operations that are free (no lease, an expired lease, or ours) for another lease period. */
export async function claimOperations(now: Date, leaseMs: number): Promise<HeldOperation[]> {
  const leaseUntil = new Date(now.getTime() + leaseMs);
  // Renew our own leases in one statement, then claim free or expired ones one by one.
  await db.operation.updateMany({ where: { ...ACTIVE, leaseOwner: WORKER_ID }, data: { leaseUntil } });
  const ours = await db.operation.findMany({ where: { ...ACTIVE, leaseOwner: WORKER_ID }, select: { id: true, phase: true }, take: 1000 });
  const candidates = await db.operation.findMany({
    where: { ...ACTIVE, OR: [{ leaseUntil: null }, { leaseUntil: { lt: now } }] },
    select: { id: true, phase: true, leaseOwner: true, leaseUntil: true },
    take: 500,
  });
  const claimed = ours.map((o) => ({ id: o.id, phase: o.phase }));
  for (const c of candidates) {
    // Conditional on the lease as read: of two processes claiming one operation, one wins.
    const result = await db.operation.updateMany({
      where: { id: c.id, leaseOwner: c.leaseOwner, leaseUntil: c.leaseUntil },
      data: { leaseOwner: WORKER_ID, leaseUntil },
    });
    if (result.count === 1) {
      if (c.leaseOwner && c.leaseOwner !== WORKER_ID)
        log("info", "lease_taken_over", { operationId: c.id, from: c.leaseOwner, to: WORKER_ID });
      claimed.push({ id: c.id, phase: c.phase });
    }
  }
  return claimed;
}
