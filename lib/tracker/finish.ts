import "server-only";
import { db } from "../db";
import { appendAudit } from "../audit/append";
import * as cloud from "../cloud";
import { notifyLaunch } from "../notify/enqueue";
import { statusAfter } from "../clients/status";
import type { OperationKind } from "../changes/state-machine";
import { isRecreateDeleting, recreateAfterDelete } from "./start";
import { expectedOutputs, expectedResources, protectedResources, stackPolicy } from "./template-facts";
import { policyLiftedFor, policyRestoredEntry } from "./policy-entries";

const SYSTEM = { id: null, label: "tracker" };

export const TERMINAL = /(_COMPLETE|_FAILED)$/;
const SUCCESS: Record<string, string[]> = {
  CREATE: ["CREATE_COMPLETE"],
  UPDATE: ["UPDATE_COMPLETE"],
  DELETE: ["DELETE_COMPLETE"],
  CONTINUE_ROLLBACK: ["UPDATE_ROLLBACK_COMPLETE"],
  RECREATE: ["CREATE_COMPLETE"],
};

export function isTerminal(status: string): boolean {
  return TERMINAL.test(status) && !status.endsWith("_IN_PROGRESS") && status !== "UPDATE_COMPLETE_CLEANUP_IN_PROGRESS";
}

/** The root cause of a failed operation: the first resource that failed, and why. */
export async function rootCause(operationId: string): Promise<string | null> {
  const failed = await db.stackEvent.findMany({
    where: { operationId, status: { endsWith: "_FAILED" } },
    orderBy: { seq: "asc" },
    take: 20,
  });
  const first =
    failed.find((e) => e.reason && !/cancelled|canceled/i.test(e.reason) && e.resourceType !== "AWS::CloudFormation::Stack") ?? failed[0];
  return first ? `${first.logicalId} (${first.resourceType}): ${first.reason ?? first.status}` : null;
}

/**
 * After a successful create or update: does the live stack hold what was approved? Every
 * expected resource exists and is complete, and every output is present.
 */
async function verify(
  stackId: string,
  revision: { body: string; parameters: string },
  outputs: Record<string, string>,
): Promise<string | null> {
  const live = new Map((await cloud.stackResources(stackId)).map((r) => [r.logicalId, r.status]));
  const missing = expectedResources(revision.body, revision.parameters).filter((r) => !/_COMPLETE$/.test(live.get(r.logicalId) ?? ""));
  if (missing.length)
    return `Not as approved: ${missing.length} resource(s) missing or incomplete (${missing
      .slice(0, 3)
      .map((r) => r.logicalId)
      .join(", ")})`;
  const absent = expectedOutputs(revision.body).filter((k) => !(k in outputs));
  if (absent.length) return `Not as approved: output(s) ${absent.join(", ")} missing`;
  return null;
}

/**
 * A one-time policy override ends with the update it was for, whether the update succeeded (the
 * stack runs the approved revision) or failed (it is back on the live one): the stack policy
 * protects the data again. Set after every update, so a policy changed outside Stackport is put
 * back too; `overridden` says whether this update had lifted it (and nothing restored it since).
 */
async function restoreStackPolicy(op: { requestId: string; clientId: string }, stackId: string, approved: { body: string } | null) {
  const revision =
    approved ??
    (await db.client.findUniqueOrThrow({ where: { id: op.clientId }, select: { currentRevision: { select: { body: true } } } }))
      .currentRevision;
  if (!revision) return null;
  const protects = protectedResources(revision.body);
  await cloud.setStackPolicy(stackId, stackPolicy(protects));
  return { protects, overridden: await policyLiftedFor(op.requestId) };
}

/** Completes an operation that reached a terminal status; false when it goes on (the second half of a recreate). */
export async function finishOperation(operationId: string, stack: cloud.StackView): Promise<boolean> {
  const op = await db.operation.findUniqueOrThrow({ where: { id: operationId } });
  if (isRecreateDeleting(op) && stack.status === "DELETE_COMPLETE") {
    await recreateAfterDelete(op.id);
    return false;
  }
  const request = await db.changeRequest.findUniqueOrThrow({ where: { id: op.requestId }, include: { revision: true } });
  const succeeded = SUCCESS[op.kind]?.includes(stack.status) ?? false;
  const cause = succeeded ? null : ((await rootCause(op.id)) ?? stack.reason ?? stack.status);
  let degraded: string | null = null;
  if (succeeded && (op.kind === "CREATE" || op.kind === "RECREATE" || op.kind === "UPDATE") && request.revision) {
    degraded = await verify(stack.stackId, request.revision, stack.outputs);
  }
  const restored = op.kind === "UPDATE" ? await restoreStackPolicy(op, stack.stackId, succeeded ? request.revision : null) : null;
  await db.$transaction(async (tx) => {
    await tx.operation.update({
      where: { id: op.id },
      data: { phase: "DONE", stackStatus: stack.status, statusReason: cause, finishedAt: new Date(), leaseOwner: null, leaseUntil: null },
    });
    await tx.changeRequest.update({
      where: { id: request.id },
      data: { state: succeeded ? "SUCCEEDED" : "FAILED", failureReason: cause, version: { increment: 1 } },
    });
    const client = await tx.client.findUniqueOrThrow({ where: { id: op.clientId } });
    const kind = op.kind as OperationKind;
    const status = statusAfter(
      succeeded ? { kind, result: "succeeded", degraded: Boolean(degraded) } : { kind, result: "failed", stackStatus: stack.status },
    );
    const clientData = !succeeded
      ? { status, statusReason: `${stack.status}: ${cause}`, stackStatus: stack.status }
      : kind === "DELETE"
        ? { status, stackStatus: stack.status, statusReason: null }
        : kind === "CONTINUE_ROLLBACK"
          ? { status, stackStatus: stack.status, statusReason: "Recovered: the stuck update was rolled back to the current revision." }
          : {
              // The approved revision is now the live one.
              status,
              statusReason: degraded,
              stackStatus: stack.status,
              currentRevisionId: request.revisionId,
              sizeId: request.revision?.sizeId ?? client.sizeId,
              outputs: JSON.stringify(stack.outputs),
            };
    await tx.client.update({ where: { id: op.clientId }, data: clientData });
    await appendAudit(tx, {
      actor: SYSTEM,
      action: "stack.status",
      entityType: "Operation",
      entityId: op.id,
      clientId: op.clientId,
      before: { status: op.stackStatus },
      after: { status: stack.status, reason: cause },
    });
    await appendAudit(tx, {
      actor: SYSTEM,
      action: succeeded ? "request.succeed" : "request.fail",
      entityType: "ChangeRequest",
      entityId: request.id,
      clientId: op.clientId,
      before: { state: "EXECUTING", clientStatus: client.status },
      after: {
        state: succeeded ? "SUCCEEDED" : "FAILED",
        clientStatus: clientData.status,
        reason: cause ?? degraded,
        outputs: succeeded ? stack.outputs : undefined,
      },
    });
    if (restored?.overridden) await appendAudit(tx, policyRestoredEntry(SYSTEM, op, restored.protects));
    await notifyLaunch(tx, succeeded, { ...op, stackStatus: stack.status }, cause ?? degraded);
  });
  return true;
}
