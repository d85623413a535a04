import "server-only";
import { db, type Tx } from "../db";
import { appendAudit } from "../audit/append";
import { authorize } from "../auth/policy";
import type { SessionUser } from "../auth/roles";
import { ConflictError, ForbiddenError, NotFoundError } from "../errors";
import { canTransition, usesChangeSet, type State } from "./state-machine";
import { notifyRequest } from "../notify/enqueue";
import { deploymentInclude, digestOf, validApprovals } from "./approved-bytes";
import { assertGrantInEffect } from "../auth/grants";

const STALE = "Someone else acted on this request at the same time. Reload to see the latest state.";
const PART_OF_ROLLOUT = "This change is part of a fleet rollout: it is reviewed and approved there, as a whole.";

async function loadForDecision(tx: Tx, requestId: string) {
  const request = await tx.changeRequest.findUnique({
    where: { id: requestId },
    include: { ...deploymentInclude, approvals: true },
  });
  if (!request) throw new NotFoundError("That change request");
  return request;
}

/** What an approval binds to: the sha256 of exactly what will be sent to CloudFormation (approved-bytes.ts). */
const boundSha = (request: Awaited<ReturnType<typeof loadForDecision>>): string => digestOf(request);

/** Moves the request from `expectedVersion`; zero rows changed means someone else moved it first. */
async function advance(tx: Tx, requestId: string, expectedVersion: number, data: { state?: State; decisionReason?: string | null }) {
  const updated = await tx.changeRequest.updateMany({
    where: { id: requestId, version: expectedVersion },
    data: { ...data, version: { increment: 1 } },
  });
  if (updated.count !== 1) throw new ConflictError(STALE);
}

/**
 * An engineer approves. The approval binds to the exact revision sha256 (and change set);
 * the request becomes APPROVED when enough distinct engineers have approved that same thing.
 */
export async function approveRequest(user: SessionUser, input: { requestId: string; version: number; comment?: string }) {
  return db.$transaction(async (tx) => {
    const request = await loadForDecision(tx, input.requestId);
    const decision = authorize(user, "change:approve", { requesterId: request.requesterId });
    if (!decision.allowed) throw new ForbiddenError(decision.reason);
    await assertGrantInEffect(tx, user.id);
    if (request.rolloutId) throw new ConflictError(PART_OF_ROLLOUT);
    if (request.version !== input.version) throw new ConflictError(STALE);
    if (request.state !== "PENDING") throw new ConflictError(`This request is ${request.state.toLowerCase()}, not waiting for review.`);
    if (request.baseRevisionId && request.baseRevisionId !== request.client.currentRevisionId) {
      throw new ConflictError(
        "The client has changed since this request was made. Re-render it against the current revision before approving.",
      );
    }
    if (usesChangeSet(request.kind) && !request.changeSetId) {
      const refused = request.changeSetSummary ? (JSON.parse(request.changeSetSummary) as { reason?: string }).reason : undefined;
      throw new ConflictError(
        refused
          ? `${refused} Re-render the request to try again.`
          : "The change-set preview is still being prepared. Approve once it shows what CloudFormation will change.",
      );
    }
    const sha = boundSha(request);
    const approval = await tx.approval.upsert({
      where: { requestId_approverId: { requestId: request.id, approverId: user.id } },
      create: {
        requestId: request.id,
        approverId: user.id,
        comment: input.comment ?? null,
        revisionSha: sha,
        changeSetId: request.changeSetId,
      },
      update: { comment: input.comment ?? null, revisionSha: sha, changeSetId: request.changeSetId, voided: false, createdAt: new Date() },
    });
    // This approval's own entry is appended below; every other approval must already have its entry.
    const valid = await validApprovals(tx, request, sha, { recordingNow: user.id });
    const approved = valid >= request.requiredApprovals;
    await advance(tx, request.id, input.version, approved ? { state: "APPROVED" } : {});
    await appendAudit(tx, {
      actor: { id: user.id, label: user.email },
      action: "request.approve",
      entityType: "ChangeRequest",
      entityId: request.id,
      clientId: request.clientId,
      before: { state: request.state, approvals: valid - 1 },
      after: {
        state: approved ? "APPROVED" : "PENDING",
        approvals: valid,
        required: request.requiredApprovals,
        revisionSha: sha,
        changeSetId: request.changeSetId,
        comment: approval.comment,
      },
    });
    if (approved) await notifyRequest(tx, "request.approved", request.id);
    return { approved, approvals: valid, required: request.requiredApprovals };
  });
}

export async function rejectRequest(user: SessionUser, input: { requestId: string; version: number; comment: string }) {
  return db.$transaction(async (tx) => {
    const request = await loadForDecision(tx, input.requestId);
    const decision = authorize(user, "change:approve", { requesterId: request.requesterId });
    if (!decision.allowed) throw new ForbiddenError(decision.reason.replace("approves", "decides on"));
    if (request.rolloutId) throw new ConflictError(PART_OF_ROLLOUT);
    if (!canTransition(request.state, "REJECTED"))
      throw new ConflictError(`This request is ${request.state.toLowerCase()}, not waiting for review.`);
    await advance(tx, request.id, input.version, { state: "REJECTED", decisionReason: input.comment });
    await tx.client.updateMany({ where: { id: request.clientId, status: "PENDING" }, data: { status: "REJECTED" } });
    await appendAudit(tx, {
      actor: { id: user.id, label: user.email },
      action: "request.reject",
      entityType: "ChangeRequest",
      entityId: request.id,
      clientId: request.clientId,
      before: { state: request.state },
      after: { state: "REJECTED", reason: input.comment },
    });
    await notifyRequest(tx, "request.rejected", request.id);
  });
}

/** The requester withdraws a request that has not started executing. */
export async function cancelRequest(user: SessionUser, input: { requestId: string; version?: number }) {
  return db.$transaction(async (tx) => {
    const request = await loadForDecision(tx, input.requestId);
    const decision = authorize(user, "change:cancel", { requesterId: request.requesterId });
    if (!decision.allowed) throw new ForbiddenError(decision.reason);
    if (request.rolloutId) throw new ConflictError("This change is part of a fleet rollout: skip the client in the rollout instead.");
    if (!canTransition(request.state, "CANCELLED"))
      throw new ConflictError(`This request is ${request.state.toLowerCase()} and can no longer be cancelled.`);
    await advance(tx, request.id, input.version ?? request.version, { state: "CANCELLED" });
    await tx.client.updateMany({
      where: { id: request.clientId, status: "PENDING", currentRevisionId: null },
      data: { status: "CANCELLED" },
    });
    await appendAudit(tx, {
      actor: { id: user.id, label: user.email },
      action: "request.cancel",
      entityType: "ChangeRequest",
      entityId: request.id,
      clientId: request.clientId,
      before: { state: request.state },
      after: { state: "CANCELLED" },
    });
  });
}
