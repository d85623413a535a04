import "server-only";
import { db } from "../db";
import type { Actor, AuditInput } from "../audit/append";

// The change log's record of a one-time stack-policy override: the executor lifts the policy for
// an update ("stack.policy_override"), and it protects the data again after it, or at once when
// CloudFormation refuses the update ("stack.policy_restored"). The executor (start.ts) and the
// tracker (finish.ts) both read and write it here.

/** True while the request's latest policy entry is an override that nothing has restored since. */
export async function policyLiftedFor(requestId: string): Promise<boolean> {
  const last = await db.auditEntry.findFirst({
    where: { entityType: "ChangeRequest", entityId: requestId, action: { in: ["stack.policy_override", "stack.policy_restored"] } },
    orderBy: { seq: "desc" },
    select: { action: true },
  });
  return last?.action === "stack.policy_override";
}

/** The entry saying the stack policy protects these resources again, after the request's update. */
export function policyRestoredEntry(actor: Actor, op: { requestId: string; clientId: string }, protects: string[]): AuditInput {
  return {
    actor,
    action: "stack.policy_restored",
    entityType: "ChangeRequest",
    entityId: op.requestId,
    clientId: op.clientId,
    after: { protects },
  };
}
