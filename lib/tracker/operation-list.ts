import "server-only";
import { db } from "../db";

// A client's operations and their events a page at a time, for the API: `after` is the last
// event seq the caller has, so polling reads only what is new (seq > after, in SQL).

const OPERATION = {
  id: true,
  kind: true,
  phase: true,
  stackStatus: true,
  statusReason: true,
  requestId: true,
  startedAt: true,
  finishedAt: true,
} as const;

export function listOperations(clientId: string, take = 50) {
  return db.operation.findMany({ where: { clientId }, orderBy: [{ startedAt: "desc" }, { id: "desc" }], take, select: OPERATION });
}

/** Null when the client has no such operation (another client's operation is not found either). */
export async function operationEventsAfter(clientId: string, operationId: string, afterSeq: number, limit: number) {
  const operation = await db.operation.findFirst({ where: { id: operationId, clientId }, select: OPERATION });
  if (!operation) return null;
  const rows = await db.stackEvent.findMany({
    where: { operationId, seq: { gt: afterSeq } },
    orderBy: { seq: "asc" },
    take: limit + 1,
    select: { seq: true, logicalId: true, resourceType: true, status: true, reason: true, timestamp: true },
  });
  return { operation, events: rows.slice(0, limit), more: rows.length > limit };
}
