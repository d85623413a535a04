import "server-only";
import type { Tx } from "../db";
import { appendAudit } from "../audit/append";
import { statusAfter } from "../clients/status";
import { getEnv } from "../env";
import { grantProblem, grantSelect } from "../auth/grants";
import { notifyLaunch } from "../notify/enqueue";
import { chainLinkProblems } from "../audit/chain-entries";
import { deploymentDigest, deploymentOf, type DeploymentClient, type DeploymentRequest, type DeploymentRevision } from "./deployment";
import { operationKindOf, type Kind } from "./state-machine";

// Only approved bytes deploy. An approval binds to deploymentDigest (deployment.ts); before the
// executor starts an operation, and again right before each CloudFormation call that changes a
// stack, it recomputes that digest from what it is about to send and recounts the approvals of
// exactly that digest by distinct, still-enabled engineers other than the requester, each with
// its request.approve entry in the hash chain. Any difference (a revision or request edited in
// the database, a state set to APPROVED by hand, an approval row inserted by SQL) refuses the change.

export type RequestForDeployment = DeploymentRequest & {
  clientId: string;
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
export async function validApprovals(tx: Tx, request: RequestForDeployment, digest: string, options: CountOptions = {}): Promise<number> {
  return (await countApprovals(tx, request, digest, options)).valid;
}

export interface CountOptions {
  /** An approver whose approval this transaction is recording (its change-log entry is appended after the count). */
  recordingNow?: string;
}

export interface ApprovalCount {
  valid: number;
  /** Approvals that would count but have no valid change-log entry (a row written by SQL): never counted. */
  unrecorded: { approverId: string; email: string; problem: string }[];
}

/**
 * Counts the approvals of `digest`. Each one must also have its change-log entry (request.approve
 * by that approver for this request, naming this digest and change set, after the last time the
 * request's approvals were voided), and that entry must be a link of the hash chain: an approval
 * row inserted by SQL has none, so it does not count.
 */
export async function countApprovals(
  tx: Tx,
  request: RequestForDeployment,
  digest: string,
  { recordingNow }: CountOptions = {},
): Promise<ApprovalCount> {
  const approvals = await tx.approval.findMany({
    where: {
      requestId: request.id,
      voided: false,
      revisionSha: digest,
      changeSetId: request.changeSetId,
      approverId: { not: request.requesterId },
      approver: { disabled: false, role: "ENGINEER" },
    },
    select: { approverId: true, approver: { select: { id: true, email: true, role: true, ...grantSelect } } },
  });
  const eligible: typeof approvals = [];
  for (const a of approvals) if ((await grantProblem(tx, a.approver)) === null) eligible.push(a);
  const toCheck = eligible.map((a) => a.approverId).filter((id) => id !== recordingNow);
  const problems = toCheck.length ? await approvalEntryProblems(tx, request, digest, toCheck) : new Map<string, string>();
  const people = new Set<string>();
  const unrecorded: ApprovalCount["unrecorded"] = [];
  for (const a of eligible) {
    const problem = problems.get(a.approverId);
    if (problem) unrecorded.push({ approverId: a.approverId, email: a.approver.email, problem });
    else people.add(a.approverId);
  }
  return { valid: people.size, unrecorded };
}

/** Why each approver's approval has no valid change-log entry (approvers with one are absent): a few indexed reads per request. */
async function approvalEntryProblems(tx: Tx, request: RequestForDeployment, digest: string, approverIds: string[]) {
  const ofRequest = { clientId: request.clientId, entityType: "ChangeRequest", entityId: request.id };
  const voided = await tx.auditEntry.findFirst({
    where: { ...ofRequest, action: { in: ["request.rerender", "request.back_to_review"] } },
    orderBy: { seq: "desc" },
    select: { seq: true },
  });
  const entries = await tx.auditEntry.findMany({
    where: { ...ofRequest, action: "request.approve", actorId: { in: approverIds }, seq: { gt: voided?.seq ?? 0 } },
    orderBy: { seq: "desc" },
  });
  const found = new Map<string, (typeof entries)[number]>();
  for (const e of entries) {
    if (!e.actorId || found.has(e.actorId)) continue;
    const after = e.after ? (JSON.parse(e.after) as { revisionSha?: string; changeSetId?: string | null }) : {};
    if (after.revisionSha === digest && (after.changeSetId ?? null) === (request.changeSetId ?? null)) found.set(e.actorId, e);
  }
  const links = await chainLinkProblems(tx, [...found.values()]);
  const problems = new Map<string, string>();
  for (const id of approverIds) {
    const entry = found.get(id);
    const problem = entry ? links.get(entry.seq) : "no request.approve entry in the change log records it";
    if (problem) problems.set(id, problem);
  }
  return problems;
}

export type BytesCheck = { ok: true; digest: string } | { ok: false; reason: string; detail?: Record<string, unknown> };

export async function checkApprovedBytes(tx: Tx, request: RequestForDeployment): Promise<BytesCheck> {
  const digest = digestOf(request);
  const { valid, unrecorded } = await countApprovals(tx, request, digest);
  if (valid >= request.requiredApprovals) return { ok: true, digest };
  if (unrecorded.length > 0) {
    const which = unrecorded.map((u) => `${u.email}: ${u.problem}`).join("; ");
    return {
      ok: false,
      reason: `Approvals without a valid change-log entry were not counted (${which}): ${valid} of ${request.requiredApprovals} approvals are valid`,
      detail: { unrecordedApprovals: unrecorded.map(({ approverId, problem }) => ({ approverId, problem })) },
    };
  }
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
  detail?: Record<string, unknown>,
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
    after: { state: "FAILED", reason, ...detail },
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
      await refuseExecution(tx, request, check.reason, operation, check.detail);
      return null;
    }
    const revision = request.revision ?? request.client.currentRevision;
    return { request, deployment: deploymentOf(request, request.client, revision, getEnv().CLOUDFORMATION_CAPABILITIES) };
  });
}
