import "server-only";
import { db } from "../db";
import type { SessionUser } from "../auth/roles";

// What each role's home page shows. Every query is bounded; lists link onward.

export async function accountManagerHome(user: SessionUser) {
  const [clients, pending] = await Promise.all([
    db.client.findMany({
      where: { ownerId: user.id },
      orderBy: { updatedAt: "desc" },
      take: 10,
      select: { id: true, slug: true, displayName: true, sizeId: true, environment: true, status: true, updatedAt: true },
    }),
    db.changeRequest.count({ where: { requesterId: user.id, state: "PENDING" } }),
  ]);
  return { clients, pending };
}

export async function engineerHome() {
  const [queue, attention] = await Promise.all([
    db.changeRequest.findMany({
      where: { state: "PENDING" },
      orderBy: { createdAt: "asc" },
      take: 10,
      select: { id: true, kind: true, toSizeId: true, createdAt: true, client: { select: { displayName: true, slug: true } }, requester: { select: { name: true } } },
    }),
    db.client.findMany({
      where: { status: { in: ["FAILED", "DEGRADED", "PROVISIONING"] } },
      orderBy: { updatedAt: "desc" },
      take: 10,
      select: { id: true, slug: true, displayName: true, status: true, statusReason: true },
    }),
  ]);
  return { queue, attention };
}

export async function recentAuditEntries(take = 10, where: { action?: string } = {}) {
  return db.auditEntry.findMany({
    where,
    orderBy: { seq: "desc" },
    take,
    select: { seq: true, at: true, actorLabel: true, action: true, entityType: true, entityId: true },
  });
}

export async function adminHome() {
  const [byRole, disabled, failures] = await Promise.all([
    db.user.groupBy({ by: ["role"], _count: { _all: true }, where: { disabled: false } }),
    db.user.count({ where: { disabled: true } }),
    recentAuditEntries(5, { action: "user.signin_failed" }),
  ]);
  return { byRole: Object.fromEntries(byRole.map((r) => [r.role, r._count._all])), disabled, failures };
}
