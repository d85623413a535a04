import "server-only";
import { describeEntries } from "../audit/names";
import { LIST_SELECT } from "../audit/queries";
import { db } from "../db";
import { likeLiteral } from "../db/like";
import type { Finding } from "../guardrails";
import type { Kind } from "./state-machine";

export interface QueueFilters {
  client?: string;
  kind?: Kind;
  size?: string;
  after?: string; // keyset cursor "<createdAt ISO>|<id>"
}

const PAGE = 25;

/** Pending requests, oldest first, with keyset pagination on (createdAt, id). */
export async function reviewQueue(filters: QueueFilters) {
  const [afterAt, afterId] = filters.after?.split("|") ?? [];
  const cursor =
    afterAt && afterId ? { OR: [{ createdAt: { gt: new Date(afterAt) } }, { createdAt: new Date(afterAt), id: { gt: afterId } }] } : {};
  const where = {
    state: "PENDING",
    // A rollout's requests are reviewed on the rollout's page, as one change.
    rolloutId: null,
    ...(filters.kind ? { kind: filters.kind } : {}),
    ...(filters.size ? { toSizeId: filters.size } : {}),
    ...(filters.client
      ? {
          client: {
            OR: [
              { slug: { contains: likeLiteral(filters.client.toLowerCase()) } },
              { displayName: { contains: likeLiteral(filters.client) } },
            ],
          },
        }
      : {}),
  };
  const [rows, total] = await Promise.all([
    db.changeRequest.findMany({
      where: { ...where, ...cursor },
      orderBy: [{ createdAt: "asc" }, { id: "asc" }],
      take: PAGE + 1,
      select: {
        id: true,
        kind: true,
        state: true,
        fromSizeId: true,
        toSizeId: true,
        createdAt: true,
        requiredApprovals: true,
        monthlyDeltaUsd: true,
        client: { select: { slug: true, displayName: true, environment: true } },
        requester: { select: { name: true, email: true } },
        approvals: { where: { voided: false }, select: { id: true } },
      },
    }),
    db.changeRequest.count({ where }),
  ]);
  const page = rows.slice(0, PAGE);
  const last = page[page.length - 1];
  return { rows: page, total, nextCursor: rows.length > PAGE && last ? `${last.createdAt.toISOString()}|${last.id}` : undefined };
}

/** Everything about one request: the review page and the auditor's dossier. */
export async function getRequest(id: string) {
  const request = await db.changeRequest.findUnique({
    where: { id },
    include: {
      client: { include: { currentRevision: { select: { id: true, number: true, sha256: true } } } },
      requester: { select: { id: true, name: true, email: true } },
      revision: true,
      approvals: { orderBy: { createdAt: "asc" }, include: { approver: { select: { name: true, email: true } } } },
    },
  });
  if (!request) return null;
  const [baseRevision, sourceRevision, logged] = await Promise.all([
    request.baseRevisionId ? db.templateRevision.findUnique({ where: { id: request.baseRevisionId } }) : null,
    request.sourceRevisionId ? db.templateRevision.findUnique({ where: { id: request.sourceRevisionId }, select: { number: true } }) : null,
    db.auditEntry.findMany({
      where: { entityId: id },
      orderBy: { seq: "asc" },
      take: 200,
      select: LIST_SELECT,
    }),
  ]);
  const { entries: timeline } = await describeEntries(db, logged);
  return { ...request, findings: JSON.parse(request.findings) as Finding[], baseRevision, sourceRevision, timeline };
}
