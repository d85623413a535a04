import "server-only";
import { join, sqltag as sql } from "@prisma/client/runtime/client";
import { db } from "../db";
import * as cloud from "../cloud";
import { finishOperation, isTerminal } from "./finish";

const STACK = "AWS::CloudFormation::Stack";
// The stack's own events carry its status, so a poll is one DescribeStackEvents call.
// DescribeStacks is called when they show a terminal status (for the outputs), and now and
// then in case a status event was somehow missed.
const STATUS_CHECK_EVERY_MS = 20_000;
// Calls are counted in memory and written with the next status change, at the latest every this many.
const FLUSH_CALLS_AT = 20;

type OperationRow = Awaited<ReturnType<typeof db.operation.findUniqueOrThrow>>;

/**
 * What a tracker remembers about one operation between polls, so a quiet poll costs one
 * CloudFormation call and no database write. Losing it (a restart, a lease handover) only
 * costs a reload: everything in it is also in the database.
 */
export interface PollMemo {
  op?: OperationRow;
  newestEventId?: string | null;
  lastStatusCheck: number;
  uncountedCalls: number;
  /** Set when the operation reached a terminal status and its completion is still to be written. */
  terminal?: cloud.StackView;
}

// A fresh memo (a restart, a lease taken over) knows no status yet, so its first poll asks for
// it: the terminal event may have been stored by the previous poller just before it died.
export const newMemo = (): PollMemo => ({ lastStatusCheck: 0, uncountedCalls: 0 });

/**
 * One poll of one in-flight operation: the events CloudFormation emitted since the last poll
 * (only this operation's, by its token), newest-first pages read until the last stored one.
 * A terminal status among the stack's own events completes the request. Events are stored
 * once each: their id is unique.
 */
export async function pollOperation(
  operationId: string,
  memo: PollMemo = newMemo(),
  opts: { deferFinish?: boolean } = {},
): Promise<{ stored: number; done: boolean }> {
  const op = (memo.op ??= await db.operation.findUniqueOrThrow({ where: { id: operationId } }));
  if (!op.stackId) {
    memo.op = undefined;
    return { stored: 0, done: false };
  }
  const stackId = op.stackId;
  if (memo.newestEventId === undefined) {
    memo.newestEventId =
      (await db.stackEvent.findFirst({ where: { operationId }, orderBy: { seq: "desc" }, select: { eventId: true } }))?.eventId ?? null;
  }

  const read = async () => {
    memo.uncountedCalls++;
    const events = (await cloud.newStackEvents(stackId, (id) => id === memo.newestEventId, op.startedAt)).filter(
      (e) => !e.token || e.token === op.token,
    );
    const stored = await storeEvents(op, events);
    if (events.length) memo.newestEventId = events[events.length - 1].eventId;
    const statuses = events.filter((e) => e.resourceType === STACK && e.physicalId === stackId).map((e) => e.status);
    return { stored, status: statuses.at(-1) };
  };

  let first: Awaited<ReturnType<typeof read>>;
  try {
    first = await read();
  } catch (error) {
    // The stack is gone (deleted outside the portal, or a sandbox reset): end the operation
    // instead of polling a stack that will never answer.
    if (!(error instanceof cloud.CloudError && error.reason === "not-found")) throw error;
    await flushCalls(op.id, memo);
    const gone = {
      stackId,
      status: op.kind === "DELETE" ? "DELETE_COMPLETE" : "STACK_NOT_FOUND_FAILED",
      reason: "The stack no longer exists in CloudFormation.",
      outputs: {},
      terminationProtection: false,
    };
    await finishOperation(op.id, gone);
    return { stored: 0, done: true };
  }

  let stored = first.stored;
  let status = first.status;
  let stack: cloud.StackView | null = null;
  if ((status && isTerminal(status)) || Date.now() - memo.lastStatusCheck > STATUS_CHECK_EVERY_MS) {
    memo.lastStatusCheck = Date.now();
    memo.uncountedCalls++;
    stack = await cloud.describeStack(stackId);
    if (stack && isTerminal(stack.status) && !(status && isTerminal(status))) {
      // Terminal, but its event was not in the pages read before: read the rest first, so
      // every event up to the end is stored before the request completes.
      const rest = await read();
      stored += rest.stored;
    }
    status = stack?.status ?? status;
  }

  const changed = status !== undefined && status !== op.stackStatus;
  if (changed || memo.uncountedCalls >= FLUSH_CALLS_AT || (stack && isTerminal(stack.status))) {
    await flushCalls(op.id, memo, changed ? { stackStatus: status } : {});
    if (changed) {
      await db.client.update({ where: { id: op.clientId }, data: { stackStatus: status } });
      op.stackStatus = status!;
    }
  }
  if (stack && isTerminal(stack.status)) {
    // Completing takes a few calls and a transaction; a scheduler may do it in its slower lane.
    if (opts.deferFinish) {
      memo.terminal = stack;
      return { stored, done: false };
    }
    const done = await finishOperation(op.id, stack);
    if (!done) resetMemo(memo);
    return { stored, done };
  }
  return { stored, done: false };
}

/** The operation moved on to a new stack (a recreate): forget what was known about the old one. */
export function resetMemo(memo: PollMemo): void {
  Object.assign(memo, newMemo(), { op: undefined, newestEventId: undefined, terminal: undefined });
}

/** Writes the calls counted since the last write, with any other operation fields that changed. */
async function flushCalls(operationId: string, memo: PollMemo, data: { stackStatus?: string } = {}) {
  if (!memo.uncountedCalls && !Object.keys(data).length) return;
  const calls = memo.uncountedCalls;
  memo.uncountedCalls = 0;
  await db.operation.update({ where: { id: operationId }, data: { cfnCalls: { increment: calls }, ...data } });
}

// Stored with one INSERT per poll, straight to the database: in a launch's busiest minute this
// runs for every poll of every stack, and Prisma's createMany costs ~0.1 ms a row on top (the
// bench:tracker profile). Both databases keep the first copy of an event id (around a lease
// handover two pollers can read the same event) and report the rows actually inserted.
async function storeEvents(op: OperationRow, events: cloud.EventView[]): Promise<number> {
  if (!events.length) return 0;
  const storedAt = new Date();
  const rows = events.map(
    (e) =>
      sql`(${e.eventId}, ${op.id}, ${op.clientId}, ${e.logicalId}, ${e.physicalId ?? null}, ${e.resourceType}, ${e.status}, ${e.reason ?? null}, ${e.timestamp}, ${storedAt})`,
  );
  return db.$executeRaw`INSERT INTO "StackEvent" ("eventId", "operationId", "clientId", "logicalId", "physicalId", "resourceType", "status", "reason", "timestamp", "storedAt")
    VALUES ${join(rows)} ON CONFLICT ("eventId") DO NOTHING`;
}
