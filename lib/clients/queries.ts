import "server-only";
import { db } from "../db";
import { likeLiteral } from "../db/like";
import { listBlueprints } from "../catalog";
import { behindWhere } from "./behind";
import { IN_FLIGHT_STATUSES } from "./status";

const PAGE = 25;

export interface ClientFilters {
  q?: string;
  after?: string;
  status?: string;
  environment?: string;
  behind?: boolean;
  /** Drift detection found the live stack differing from its template (not decommissioned). */
  drifted?: boolean;
  /** An operation is running (IN_FLIGHT_STATUSES); a `status` given too narrows it further. */
  inFlight?: boolean;
  /** One account manager's clients (their user id). */
  owner?: string;
}

export async function listClients(filters: ClientFilters) {
  const where = {
    // "Behind the current blueprint version": AND keeps its OR apart from the search's.
    ...(filters.behind ? { AND: [behindWhere(listBlueprints())] } : {}),
    ...(filters.q
      ? { OR: [{ slug: { contains: likeLiteral(filters.q.toLowerCase()) } }, { displayName: { contains: likeLiteral(filters.q) } }] }
      : {}),
    ...(filters.drifted ? { driftStatus: "DRIFTED", NOT: { status: "DECOMMISSIONED" } } : {}),
    ...(filters.inFlight || filters.status
      ? { status: filters.inFlight ? { in: IN_FLIGHT_STATUSES.filter((s) => !filters.status || s === filters.status) } : filters.status }
      : {}),
    ...(filters.environment ? { environment: filters.environment } : {}),
    ...(filters.owner ? { ownerId: filters.owner } : {}),
  };
  const [rows, total] = await Promise.all([
    db.client.findMany({
      where: { ...where, ...(filters.after ? { slug: { gt: filters.after } } : {}) },
      orderBy: { slug: "asc" },
      take: PAGE + 1,
      select: {
        id: true,
        slug: true,
        displayName: true,
        sizeId: true,
        environment: true,
        region: true,
        status: true,
        updatedAt: true,
        blueprintId: true,
        currentRevision: { select: { blueprintVersion: true } },
        owner: { select: { name: true } },
      },
    }),
    db.client.count({ where }),
  ]);
  return { rows: rows.slice(0, PAGE), total, nextCursor: rows.length > PAGE ? rows[PAGE - 1].slug : undefined };
}

/** The account manager a clients-list link names (`?owner=`), or null when no account manager has that id. */
export async function accountManager(id: string): Promise<{ id: string; name: string } | null> {
  return db.user.findFirst({ where: { id, role: "ACCOUNT_MANAGER" }, select: { id: true, name: true } });
}

export async function getClientBySlug(slug: string) {
  const client = await db.client.findUnique({
    where: { slug },
    include: {
      owner: { select: { name: true, email: true } },
      currentRevision: { select: { blueprintVersion: true, body: true, parameters: true } },
      revisions: {
        orderBy: { number: "desc" },
        take: 100,
        select: { id: true, number: true, sha256: true, sizeId: true, createdAt: true, requestId: true, blueprintVersion: true },
      },
      requests: {
        orderBy: { createdAt: "desc" },
        take: 50,
        select: {
          id: true,
          kind: true,
          state: true,
          fromSizeId: true,
          toSizeId: true,
          createdAt: true,
          requesterId: true,
          version: true,
          requester: { select: { name: true } },
        },
      },
    },
  });
  return client;
}

export async function getRevisionPair(clientId: string, from: number, to: number) {
  const [a, b] = await Promise.all([
    db.templateRevision.findUnique({ where: { clientId_number: { clientId, number: from } } }),
    db.templateRevision.findUnique({ where: { clientId_number: { clientId, number: to } } }),
  ]);
  return { from: a, to: b };
}

export async function findClientId(slug: string): Promise<string | null> {
  return (await db.client.findUnique({ where: { slug }, select: { id: true } }))?.id ?? null;
}

/** How many clients (of one owner, or all) run an older blueprint version than the current one. */
export async function countClientsBehind(where: { ownerId?: string } = {}): Promise<number> {
  return db.client.count({ where: { ...where, AND: [behindWhere(listBlueprints())] } });
}
