import "server-only";
import { db } from "../db";
import { appendAudit } from "../audit/append";
import { ConflictError } from "../errors";

const SYSTEM = { id: null, label: "executor" };

/** CloudFormation's ClientRequestToken for a request: a retried start can never act twice. */
export function tokenFor(requestId: string, attempt = 0): string {
  return `stackport-${requestId}${attempt ? `-${attempt}` : ""}`.slice(0, 128);
}

const OPERATION_KIND = {
  CREATE: "CREATE",
  RESIZE: "UPDATE",
  REAPPLY: "UPDATE",
  DECOMMISSION: "DELETE",
  RECOVER: "CONTINUE_ROLLBACK",
  RECREATE: "RECREATE",
} as const;

/**
 * APPROVED → EXECUTING, and the operation the tracker will start and follow, in one
 * transaction with its audit entry. The version check makes it safe for several portal
 * instances to race for the same approved request: exactly one wins.
 */
export async function beginExecution(requestId: string, owner: string, leaseMs: number) {
  return db.$transaction(async (tx) => {
    const request = await tx.changeRequest.findUnique({ where: { id: requestId }, include: { client: true } });
    if (!request || request.state !== "APPROVED") return null;
    const claimed = await tx.changeRequest.updateMany({
      where: { id: request.id, version: request.version, state: "APPROVED" },
      data: { state: "EXECUTING", version: { increment: 1 } },
    });
    if (claimed.count !== 1) throw new ConflictError("Another instance started this request.");
    const kind = OPERATION_KIND[request.kind as keyof typeof OPERATION_KIND];
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
    await tx.client.update({
      where: { id: request.clientId },
      data: {
        status: kind === "DELETE" ? "DECOMMISSIONING" : kind === "CREATE" || kind === "RECREATE" ? "PROVISIONING" : "UPDATING",
        statusReason: null,
      },
    });
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
