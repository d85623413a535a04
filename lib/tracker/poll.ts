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
  // Status first, events second: when the status is terminal, the events read afterwards
  // include everything up to it (the other order can miss the last few).
  const stack = await cloud.describeStack(op.stackId);
  // Events are stored a poll at a time, all or none, so the newest stored one marks where
  // CloudFormation's newest-first pages can stop.
  const newest = await db.stackEvent.findFirst({ where: { operationId }, orderBy: { seq: "desc" }, select: { eventId: true } });
  let events: cloud.EventView[];
  try {
    events = (await cloud.newStackEvents(op.stackId, (id) => id === newest?.eventId, op.startedAt)).filter((e) => !e.token || e.token === op.token);
  } catch (error) {
    // The stack is gone (deleted outside the portal, or a sandbox reset): end the operation
    // instead of polling a stack that will never answer.
    if (!(error instanceof cloud.CloudError && /does not exist/.test(error.message))) throw error;
    const gone = { stackId: op.stackId, status: op.kind === "DELETE" ? "DELETE_COMPLETE" : "STACK_NOT_FOUND_FAILED", reason: "The stack no longer exists in CloudFormation.", outputs: {}, terminationProtection: false };
    await finishOperation(op.id, gone);
    return { stored: 0, done: true };
  }
  const rows = events.map((e) => ({ eventId: e.eventId, operationId, clientId: op.clientId, logicalId: e.logicalId, physicalId: e.physicalId ?? null, resourceType: e.resourceType, status: e.status, reason: e.reason ?? null, timestamp: e.timestamp }));
  let stored = 0;
  if (rows.length) {
    try {
      stored = (await db.stackEvent.createMany({ data: rows })).count;
    } catch (error) {
      // Another poller stored some of them first (only around a lease handover): the unique
      // event id keeps one copy; store the rest one by one.
      if (!(error && typeof error === "object" && "code" in error && error.code === "P2002")) throw error;
      const existing = new Set((await db.stackEvent.findMany({ where: { eventId: { in: rows.map((r) => r.eventId) } }, select: { eventId: true } })).map((e) => e.eventId));
      stored = (await db.stackEvent.createMany({ data: rows.filter((r) => !existing.has(r.eventId)) })).count;
    }
  }
  await db.operation.update({ where: { id: op.id }, data: { cfnCalls: { increment: 2 }, stackStatus: stack?.status ?? op.stackStatus } });
  if (stack && stack.status !== op.stackStatus) await db.client.update({ where: { id: op.clientId }, data: { stackStatus: stack.status } });
  if (stack && isTerminal(stack.status)) {
    await finishOperation(op.id, stack);
    return { stored, done: true };
  }
  return { stored, done: false };
}
