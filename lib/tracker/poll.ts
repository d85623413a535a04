import "server-only";
import { db } from "../db";
import * as cloud from "../cloud";
import { finishOperation, isTerminal } from "./finish";

/**
 * One poll of one in-flight operation: the events CloudFormation emitted since the last
 * poll (only this operation's, by its token), then the stack's status; a terminal status
 * completes the request. Events are stored once each: their id is unique.
 */
export async function pollOperation(operationId: string): Promise<{ stored: number; done: boolean }> {
  const op = await db.operation.findUniqueOrThrow({ where: { id: operationId } });
  if (!op.stackId) return { stored: 0, done: false };
  const known = new Set((await db.stackEvent.findMany({ where: { operationId }, select: { eventId: true } })).map((e) => e.eventId));
  let events: cloud.EventView[];
  try {
    events = (await cloud.newStackEvents(op.stackId, (id) => known.has(id), op.startedAt)).filter((e) => !e.token || e.token === op.token);
  } catch (error) {
    // The stack is gone (deleted outside the portal, or a sandbox reset): end the operation
    // instead of polling a stack that will never answer.
    if (!(error instanceof cloud.CloudError && /does not exist/.test(error.message))) throw error;
    const gone = { stackId: op.stackId, status: op.kind === "DELETE" ? "DELETE_COMPLETE" : "STACK_NOT_FOUND_FAILED", reason: "The stack no longer exists in CloudFormation.", outputs: {}, terminationProtection: false };
    await finishOperation(op.id, gone);
    return { stored: 0, done: true };
  }
  let stored = 0;
  for (const e of events) {
    const created = await db.stackEvent.createMany({
      data: [{ eventId: e.eventId, operationId, clientId: op.clientId, logicalId: e.logicalId, physicalId: e.physicalId ?? null, resourceType: e.resourceType, status: e.status, reason: e.reason ?? null, timestamp: e.timestamp }],
    }).catch((error: unknown) => {
      // Another poll stored it first (only after a lease handover); the unique id keeps one copy.
      if (error && typeof error === "object" && "code" in error && error.code === "P2002") return { count: 0 };
      throw error;
    });
    stored += created.count;
  }
  const stack = await cloud.describeStack(op.stackId);
  await db.operation.update({ where: { id: op.id }, data: { cfnCalls: { increment: 2 }, stackStatus: stack?.status ?? op.stackStatus } });
  if (stack && stack.status !== op.stackStatus) await db.client.update({ where: { id: op.clientId }, data: { stackStatus: stack.status } });
  if (stack && isTerminal(stack.status)) {
    await finishOperation(op.id, stack);
    return { stored, done: true };
  }
  return { stored, done: false };
}
