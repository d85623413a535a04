import "server-only";
import { db } from "../db";
import { appendAudit } from "../audit/append";
import { statusAfter, statusOnStart } from "../clients/status";
import { ConflictError } from "../errors";
import { notifyLaunch, notifyRequest } from "../notify/enqueue";
import { operationKindOf, type Kind, type OperationKind } from "./state-machine";
import { checkApprovedBytes, deploymentInclude, refuseExecution } from "./approved-bytes";

// The executor's transitions of a change request, each in one transaction with its audit entry:
// APPROVED → EXECUTING (beginExecution), APPROVED → PENDING when the approved change set is gone
// (sendBackToReview), EXECUTING → FAILED when CloudFormation refuses the start (failExecution).
// lib/tracker decides when; the request's life cycle lives here.

const SYSTEM = { id: null, label: "executor" };

/** CloudFormation's ClientRequestToken for a request: a retried start can never act twice. */
export function tokenFor(requestId: string, attempt = 0): string {
  return `stackport-${requestId}${attempt ? `-${attempt}` : ""}`.slice(0, 128);
}

/**
 * APPROVED → EXECUTING, and the operation the tracker will start and follow, in one
 * transaction with its audit entry. The version check makes it safe for several portal
 * instances to race for the same approved request: exactly one wins (the others get a ConflictError).
 */
export async function beginExecution(requestId: string, owner: string, leaseMs: number) {
  return db.$transaction(async (tx) => {
    const request = await tx.changeRequest.findUnique({ where: { id: requestId }, include: deploymentInclude });
    if (!request || request.state !== "APPROVED") return null;
    const claimed = await tx.changeRequest.updateMany({
      where: { id: request.id, version: request.version, state: "APPROVED" },
      data: { state: "EXECUTING", version: { increment: 1 } },
    });
    if (claimed.count !== 1) throw new ConflictError("Another instance started this request.");
    // Recount, in this transaction, the approvals of exactly what will be sent (approved-bytes.ts).
    const check = await checkApprovedBytes(tx, request);
    if (!check.ok) {
      await refuseExecution(tx, { ...request, state: "APPROVED" }, check.reason, undefined, check.detail);
      return null;
    }
    const kind = operationKindOf(request.kind as Kind);
    const operation = await tx.operation.create({
      data: {
        clientId: request.clientId,
        requestId: request.id,
        kind,
        phase: "STARTING",
        token: tokenFor(request.id),
        stackName: request.client.stackId ?? request.client.stackName,
        leaseOwner: owner,
        leaseUntil: new Date(Date.now() + leaseMs),
      },
    });
    await tx.client.update({ where: { id: request.clientId }, data: { status: statusOnStart(kind), statusReason: null } });
    await appendAudit(tx, {
      actor: SYSTEM,
      action: "request.execute",
      entityType: "ChangeRequest",
      entityId: request.id,
      clientId: request.clientId,
      before: { state: "APPROVED" },
      after: { state: "EXECUTING", operation: kind, token: operation.token, changeSetId: request.changeSetId },
    });
    return operation;
  });
}

/** APPROVED → PENDING: what was approved can no longer run as approved, so it is reviewed again (approvals voided). */
export async function sendBackToReview(
  request: { id: string; clientId: string; version: number; changeSetId: string | null },
  reason: string,
): Promise<boolean> {
  return db.$transaction(async (tx) => {
    const moved = await tx.changeRequest.updateMany({
      where: { id: request.id, version: request.version, state: "APPROVED" },
      data: {
        state: "PENDING",
        changeSetId: null,
        changeSetSummary: null,
        scheduledFor: null,
        scheduledUntil: null,
        version: { increment: 1 },
      },
    });
    if (moved.count !== 1) return false;
    await tx.approval.updateMany({ where: { requestId: request.id }, data: { voided: true } });
    await appendAudit(tx, {
      actor: SYSTEM,
      action: "request.back_to_review",
      entityType: "ChangeRequest",
      entityId: request.id,
      clientId: request.clientId,
      before: { state: "APPROVED", changeSetId: request.changeSetId },
      after: { state: "PENDING", reason },
    });
    await notifyRequest(tx, "approval.needed", request.id);
    return true;
  });
}

/** EXECUTING → FAILED: CloudFormation refused to start the operation, so the stack is as it was. */
export async function failExecution(
  op: { id: string; requestId: string; clientId: string; kind: string; stackId: string | null; stackStatus: string | null },
  reason: string,
): Promise<void> {
  const kind = op.kind as OperationKind;
  await db.$transaction(async (tx) => {
    await tx.operation.update({
      where: { id: op.id },
      data: { phase: "DONE", statusReason: reason, finishedAt: new Date(), leaseOwner: null, leaseUntil: null },
    });
    await tx.changeRequest.update({
      where: { id: op.requestId },
      data: { state: "FAILED", failureReason: reason, version: { increment: 1 } },
    });
    await tx.client.update({
      where: { id: op.clientId },
      data: {
        status: statusAfter({ kind, result: "refused" }),
        statusReason: `CloudFormation refused the ${kind.toLowerCase()}: ${reason}`,
      },
    });
    await appendAudit(tx, {
      actor: SYSTEM,
      action: "request.fail",
      entityType: "ChangeRequest",
      entityId: op.requestId,
      clientId: op.clientId,
      before: { state: "EXECUTING" },
      after: { state: "FAILED", reason },
    });
    await notifyLaunch(tx, false, op, reason);
  });
}
