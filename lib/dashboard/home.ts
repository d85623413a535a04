import "server-only";
import { describeEntries } from "../audit/names";
import { LIST_SELECT } from "../audit/queries";
import { db } from "../db";
import type { SessionUser } from "../auth/roles";
import { runningProgress } from "../tracker/queries";
import { countClientsBehind } from "../clients/queries";
import { fleetHealthFigures } from "../fleet/overview";
import { ATTENTION_STATUSES, IN_FLIGHT_STATUSES, type ClientStatus } from "../clients/status";

// What each role's home page shows. Every query is bounded; lists link onward.

export async function accountManagerHome(user: SessionUser) {
  const [clients, pending, inFlight, behind] = await Promise.all([
    db.client.findMany({
      where: { ownerId: user.id },
      orderBy: { updatedAt: "desc" },
      take: 10,
      select: { id: true, slug: true, displayName: true, sizeId: true, environment: true, status: true, updatedAt: true },
    }),
    db.changeRequest.count({ where: { requesterId: user.id, state: "PENDING", rolloutId: null } }),
    launchesInFlight({ ownerId: user.id }),
    countClientsBehind({ ownerId: user.id }),
  ]);
  return { clients, pending, inFlight, behind };
}

export async function engineerHome() {
  const [queue, attention, inFlight, fleet] = await Promise.all([
    db.changeRequest.findMany({
      where: { state: "PENDING", rolloutId: null },
      orderBy: { createdAt: "asc" },
      take: 10,
      select: {
        id: true,
        kind: true,
        toSizeId: true,
        createdAt: true,
        client: { select: { displayName: true, slug: true } },
        requester: { select: { name: true } },
      },
    }),
    db.client.findMany({
      where: { status: { in: [...ATTENTION_STATUSES] } },
      orderBy: { updatedAt: "desc" },
      take: 20,
      select: { id: true, slug: true, displayName: true, status: true, statusReason: true },
    }),
    launchesInFlight({}),
    // The fleet page's aggregate: behind, failed, degraded, drifted, in flight.
    fleetHealthFigures(),
  ]);
  attention.sort((a, b) => ATTENTION_STATUSES.indexOf(a.status as ClientStatus) - ATTENTION_STATUSES.indexOf(b.status as ClientStatus));
  return { queue, attention: attention.slice(0, 10), inFlight, behind: fleet.health.behind, fleet: fleet.figures };
}

/** Operations running now, newest first, each with its progress (from stored events, no CloudFormation call). */
export async function launchesInFlight(where: { ownerId?: string }) {
  const clients = await db.client.findMany({
    where: { ...where, status: { in: [...IN_FLIGHT_STATUSES] } },
    orderBy: { updatedAt: "desc" },
    take: 10,
    select: { id: true, slug: true, displayName: true, status: true, blueprintId: true },
  });
  const progress = await runningProgress(clients);
  return clients.map(({ blueprintId: _, ...c }) => ({ ...c, progress: progress.get(c.id) ?? null }));
}

export async function recentAuditEntries(take = 10, where: { action?: string } = {}) {
  const rows = await db.auditEntry.findMany({
    where,
    orderBy: { seq: "desc" },
    take,
    select: LIST_SELECT,
  });
  return (await describeEntries(db, rows)).entries;
}

export async function adminHome() {
  const [byRole, disabled, failures] = await Promise.all([
    db.user.groupBy({ by: ["role"], _count: { _all: true }, where: { disabled: false } }),
    db.user.count({ where: { disabled: true } }),
    recentAuditEntries(5, { action: "user.signin_failed" }),
  ]);
  return { byRole: Object.fromEntries(byRole.map((r) => [r.role, r._count._all])), disabled, failures };
}
