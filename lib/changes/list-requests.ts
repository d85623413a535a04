import "server-only";
import { db } from "../db";
import type { Kind, State } from "./state-machine";

// Change requests of every state, newest first, keyset-paged on (createdAt, id): the API's list
// (the review queue, reviewQueue in queries.ts, is the pending ones oldest first).

export interface RequestFilters {
  state?: State;
  kind?: Kind;
  client?: string; // slug
  requesterId?: string;
  after?: string; // "<createdAt ISO>|<id>"
}

const PAGE = 50;

export const REQUEST_LIST_SELECT = {
  id: true,
  kind: true,
  state: true,
  version: true,
  fromSizeId: true,
  toSizeId: true,
  requiredApprovals: true,
  monthlyDeltaUsd: true,
  reason: true,
  createdAt: true,
  client: { select: { slug: true, displayName: true, environment: true } },
  requester: { select: { name: true, email: true } },
  approvals: { where: { voided: false }, select: { id: true } },
} as const;

export async function listRequests(filters: RequestFilters) {
  const [afterAt, afterId] = filters.after?.split("|") ?? [];
  const at = afterAt ? new Date(afterAt) : null;
  const cursor =
    at && !Number.isNaN(at.getTime()) && afterId ? { OR: [{ createdAt: { lt: at } }, { createdAt: at, id: { lt: afterId } }] } : {};
  const where = {
    ...(filters.state ? { state: filters.state } : {}),
    ...(filters.kind ? { kind: filters.kind } : {}),
    ...(filters.client ? { client: { slug: filters.client } } : {}),
    ...(filters.requesterId ? { requesterId: filters.requesterId } : {}),
  };
  const [rows, total] = await Promise.all([
    db.changeRequest.findMany({
      where: { ...where, ...cursor },
      orderBy: [{ createdAt: "desc" }, { id: "desc" }],
      take: PAGE + 1,
      select: REQUEST_LIST_SELECT,
    }),
    db.changeRequest.count({ where }),
  ]);
  const page = rows.slice(0, PAGE);
  const last = page[page.length - 1];
  return { rows: page, total, nextCursor: rows.length > PAGE && last ? `${last.createdAt.toISOString()}|${last.id}` : undefined };
}

/** One request in the list's shape (what a create or a decision answers with). */
export function getRequestSummary(id: string) {
  return db.changeRequest.findUnique({ where: { id }, select: REQUEST_LIST_SELECT });
}
