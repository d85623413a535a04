import "server-only";
import type { Tx } from "../db";
import { appendAudit } from "../audit/append";
import { statusAfter } from "../clients/status";
import { getEnv } from "../env";
import { grantProblem, grantSelect } from "../auth/grants";
import { notifyLaunch } from "../notify/enqueue";
import { deploymentDigest, deploymentOf, type DeploymentClient, type DeploymentRequest, type DeploymentRevision } from "./deployment";
import { operationKindOf, type Kind } from "./state-machine";

// Only approved bytes deploy. An approval binds to deploymentDigest (deployment.ts); before the
// executor starts an operation, and again right before each CloudFormation call that changes a
// stack, it recomputes that digest from what it is about to send and recounts the approvals of
// exactly that digest by distinct, still-enabled engineers other than the requester. Any
// difference (a revision or request edited in the database, a state set to APPROVED by hand)
// refuses the change.

export type RequestForDeployment = DeploymentRequest & {
  requesterId: string;
  requiredApprovals: number;
  revision: DeploymentRevision | null;
  client: DeploymentClient & { currentRevision: DeploymentRevision | null };
};

/** The digest of what the request will send, from the rows as they are now. */
export function digestOf(request: RequestForDeployment): string {
  const revision = request.revision ?? request.client.currentRevision;
  return deploymentDigest(deploymentOf(request, request.client, revision, getEnv().CLOUDFORMATION_CAPABILITIES));
}

/** Distinct, enabled engineers whose grant is in effect (never the requester), whose live approval is of exactly `digest`. */
export async function validApprovals(tx: Tx, request: RequestForDeployment, digest: string): Promise<number> {
  const approvals = await tx.approval.findMany({
    where: {
      requestId: request.id,
      voided: false,
      revisionSha: digest,
      changeSetId: request.changeSetId,
      approverId: { not: request.requesterId },
      approver: { disabled: false, role: "ENGINEER" },
    },
    select: { approverId: true, approver: { select: grantSelect } },
  });
  const people = new Set<string>();
  for (const a of approvals) if ((await grantProblem(tx, a.approver)) === null) people.add(a.approverId);
  return people.size;
}

export type BytesCheck = { ok: true; digest: string } | { ok: false; reason: string };

export async function checkApprovedBytes(tx: Tx, request: RequestForDeployment): Promise<BytesCheck> {
  const digest = digestOf(request);
  const valid = await validApprovals(tx, request, digest);
  if (valid >= request.requiredApprovals) return { ok: true, digest };
  const any = await tx.approval.count({ where: { requestId: request.id, voided: false } });
  return {
    ok: false,
    reason:
      any > 0
        ? `What would be sent to CloudFormation is not what was approved: ${valid} of ${request.requiredApprovals} approvals match it (deployment sha256 ${digest.slice(0, 12)}…)`
        : `It has no approvals, but ${request.requiredApprovals} ${request.requiredApprovals === 1 ? "is" : "are"} needed`,
  };
}

/**
 * Refuses the request (→ FAILED) and records why, with a refused operation and the
 * launch.failed webhook, in the caller's transaction. The stack is untouched.
 */
export async function refuseExecution(
  tx: Tx,
  request: RequestForDeployment & { clientId: string; state: string },
  reason: string,
  operation?: { id: string },
) {
  const kind = operationKindOf(request.kind as Kind);
  await tx.changeRequest.update({ where: { id: request.id }, data: { state: "FAILED", failureReason: reason, version: { increment: 1 } } });
  const op = operation
    ? await tx.operation.update({
        where: { id: operation.id },
        data: { phase: "DONE", statusReason: reason, finishedAt: new Date(), leaseOwner: null, leaseUntil: null },
      })
    : await tx.operation.create({
        data: {
          clientId: request.clientId,
          requestId: request.id,
          kind,
          phase: "DONE",
          token: `refused-${request.id}`.slice(0, 128),
          stackName: request.client.stackId ?? request.client.stackName,
          statusReason: reason,
          finishedAt: new Date(),
        },
      });
  await tx.client.update({
    where: { id: request.clientId },
    data: { status: statusAfter({ kind, result: "refused" }), statusReason: `The ${kind.toLowerCase()} was refused: ${reason}` },
  });
  await appendAudit(tx, {
    actor: { id: null, label: "executor" },
    action: "request.execute_refused",
    entityType: "ChangeRequest",
    entityId: request.id,
    clientId: request.clientId,
    before: { state: request.state },
    after: { state: "FAILED", reason },
  });
  await notifyLaunch(tx, false, op, reason);
}

/** What to load with a request to compute its deployment. */
export const deploymentInclude = { revision: true, client: { include: { currentRevision: true } } } as const;

/**
 * Right before a CloudFormation call that changes a stack: the request as stored now, and the
 * deployment built from it, when its approvals still cover exactly those bytes. Otherwise the
 * request is refused (with the operation, audited, webhook sent) and null comes back; the
 * caller sends nothing.
 */
export async function approvedDeployment(
  db: { $transaction<T>(fn: (tx: Tx) => Promise<T>): Promise<T> },
  operation: { id: string; requestId: string },
) {
  return db.$transaction(async (tx) => {
    const request = await tx.changeRequest.findUniqueOrThrow({ where: { id: operation.requestId }, include: deploymentInclude });
    const check = await checkApprovedBytes(tx, request);
    if (!check.ok) {
      await refuseExecution(tx, request, check.reason, operation);
      return null;
    }
    const revision = request.revision ?? request.client.currentRevision;
    return { request, deployment: deploymentOf(request, request.client, revision, getEnv().CLOUDFORMATION_CAPABILITIES) };
  });
}
