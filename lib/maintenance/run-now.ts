import "server-only";
import { db } from "../db";
import { appendAudit } from "../audit/append";
import { authorize } from "../auth/policy";
import type { SessionUser } from "../auth/roles";
import { ConflictError, ForbiddenError, NotFoundError } from "../errors";

/**
 * An approver starts a change that waits for the maintenance window now, on purpose: the choice
 * is in the change log. The executor begins it on its next pass.
 */
export async function runNow(user: SessionUser, input: { requestId: string }) {
  return db.$transaction(async (tx) => {
    const request = await tx.changeRequest.findUnique({ where: { id: input.requestId } });
    if (!request) throw new NotFoundError("That change request");
    const decision = authorize(user, "change:approve", { requesterId: request.requesterId });
    if (!decision.allowed) throw new ForbiddenError(decision.reason);
    if (request.state !== "APPROVED" || !request.scheduledFor || !request.scheduledUntil)
      throw new ConflictError("This request is not waiting for a maintenance window.");
    const moved = await tx.changeRequest.updateMany({
      where: { id: request.id, state: "APPROVED", scheduledFor: request.scheduledFor },
      data: { scheduledFor: new Date(), scheduledUntil: null },
    });
    if (moved.count !== 1) throw new ConflictError("Someone else acted on this request at the same time. Reload to see the latest state.");
    await appendAudit(tx, {
      actor: { id: user.id, label: user.email },
      action: "request.run_now",
      entityType: "ChangeRequest",
      entityId: request.id,
      clientId: request.clientId,
      before: { scheduledFor: request.scheduledFor.toISOString(), scheduledUntil: request.scheduledUntil.toISOString() },
      after: { runNow: true },
    });
  });
}
