import "server-only";
import type { Tx } from "../db";
import { appendAudit, type Actor } from "../audit/append";
import type { SessionUser } from "../auth/roles";
import { ConflictError, NotFoundError } from "../errors";
import { isUniqueViolation } from "../db/errors";
import { notifyRequest } from "../notify/enqueue";
import type { Proposal } from "./proposal";
import { copyRevisionContent, createRevision, nextRevisionNumber, revisionContent, type RevisionContent } from "./revisions";
import { requiredApprovals, type Kind } from "./state-machine";

// What every kind of change request writes: the request row with its audit entry and the
// "approval needed" notification, and for a rendered proposal its revision. The verbs
// (onboard-client.ts, request-*.ts) decide what goes in.

export const actorOf = (user: SessionUser): Actor => ({ id: user.id, label: user.email });

/** A client with a live stack to change, read inside the request's transaction. */
export async function liveClient(tx: Tx, clientId: string) {
  const client = await tx.client.findUnique({
    where: { id: clientId },
    include: { currentRevision: true, owner: { select: { email: true } } },
  });
  if (!client) throw new NotFoundError("That client");
  if (!client.currentRevision || client.status === "DECOMMISSIONED")
    throw new ConflictError("This client has no live stack to change yet.");
  return { ...client, currentRevision: client.currentRevision };
}

export interface RequestRow {
  id: string;
  clientId: string;
  kind: Kind;
  fromSizeId: string | null;
  toSizeId: string | null;
  baseRevisionId: string | null;
  sourceRevisionId?: string;
  findings: string;
  monthlyDeltaUsd: number;
  requiredApprovals: number;
  reason?: string;
  /** Part of a fleet rollout: reviewed and approved through the rollout, which sends no notification per client. */
  rolloutId?: string;
}

export async function createRequestRow(tx: Tx, user: SessionUser, row: RequestRow) {
  const request = await tx.changeRequest.create({ data: { ...row, state: "PENDING", requesterId: user.id } });
  await appendAudit(tx, {
    actor: actorOf(user),
    action: "request.create",
    entityType: "ChangeRequest",
    entityId: request.id,
    clientId: row.clientId,
    after: {
      kind: row.kind,
      fromSizeId: row.fromSizeId,
      toSizeId: row.toSizeId,
      requiredApprovals: row.requiredApprovals,
      monthlyDeltaUsd: row.monthlyDeltaUsd,
      reason: row.reason ?? null,
      ...(row.rolloutId ? { rolloutId: row.rolloutId } : {}),
    },
  });
  if (!row.rolloutId) await notifyRequest(tx, "approval.needed", request.id);
  return request;
}

/** A request for a rendered proposal: the row, then revision `number` (or the next one) holding the proposal. */
export async function writeRequest(
  tx: Tx,
  user: SessionUser,
  input: {
    id: string;
    clientId: string;
    kind: Kind;
    environment: string;
    fromSizeId: string | null;
    toSizeId: string;
    baseRevisionId: string | null;
    proposal: Proposal;
    previousMonthlyUsd: number;
    reason?: string;
    number?: number;
    rolloutId?: string;
  },
) {
  const { proposal } = input;
  const request = await createRequestRow(tx, user, {
    id: input.id,
    clientId: input.clientId,
    kind: input.kind,
    fromSizeId: input.fromSizeId,
    toSizeId: input.toSizeId,
    baseRevisionId: input.baseRevisionId,
    findings: JSON.stringify(proposal.findings),
    monthlyDeltaUsd: proposal.monthlyUsd - input.previousMonthlyUsd,
    reason: input.reason,
    rolloutId: input.rolloutId,
    requiredApprovals: requiredApprovals(proposal.blueprint.approval, {
      kind: input.kind,
      sizeId: input.toSizeId,
      environment: input.environment,
    }),
  });
  const number = input.number ?? (await nextRevisionNumber(tx, input.clientId));
  const revision = await createRevision(tx, actorOf(user), {
    clientId: input.clientId,
    number,
    requestId: request.id,
    content: revisionContent(proposal.rendered, input.toSizeId),
  });
  return tx.changeRequest.update({ where: { id: request.id }, data: { revisionId: revision.id } });
}

/** The request's revision: an exact copy of an earlier one (re-apply, recreate), as the client's next revision. */
export async function attachRevisionCopy(tx: Tx, user: SessionUser, request: { id: string; clientId: string }, source: RevisionContent) {
  const revision = await createRevision(tx, actorOf(user), {
    clientId: request.clientId,
    number: await nextRevisionNumber(tx, request.clientId),
    requestId: request.id,
    content: copyRevisionContent(source),
  });
  return tx.changeRequest.update({ where: { id: request.id }, data: { revisionId: revision.id } });
}

/**
 * Runs a request's transaction. Two requests for one client at once can pick the same revision
 * number; the unique key refuses the second, which is told to try again instead of a generic error.
 */
export async function inRequestTransaction<T>(run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    if (isUniqueViolation(error)) throw new ConflictError("Someone else changed this client at the same moment. Reload and try again.");
    throw error;
  }
}
