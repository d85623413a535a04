import "server-only";
import { db } from "../db";
import { getBlueprint } from "../catalog";
import { progressOf, type Progress } from "./progress";

export interface LiveEvent {
  seq: number;
  logicalId: string;
  resourceType: string;
  status: string;
  reason: string | null;
  timestamp: string;
}

export interface LiveStatus {
  operation: { id: string; kind: string; phase: string; stackStatus: string | null; statusReason: string | null; startedAt: string; finishedAt: string | null; requestId: string } | null;
  client: { status: string; statusReason: string | null; stackStatus: string | null; outputs: Record<string, string> };
  progress: Progress | null;
  events: LiveEvent[];
}

/**
 * What the client page shows live: the latest operation, its progress and its events — read
 * from the database the tracker fills, so any number of viewers cost no CloudFormation calls.
 */
export async function liveStatus(clientId: string, afterSeq = 0): Promise<LiveStatus | null> {
  const client = await db.client.findUnique({ where: { id: clientId }, select: { status: true, statusReason: true, stackStatus: true, outputs: true, blueprintId: true } });
  if (!client) return null;
  const operation = await db.operation.findFirst({ where: { clientId }, orderBy: { startedAt: "desc" } });
  const base = { status: client.status, statusReason: client.statusReason, stackStatus: client.stackStatus, outputs: client.outputs ? (JSON.parse(client.outputs) as Record<string, string>) : {} };
  if (!operation) return { operation: null, client: base, progress: null, events: [] };
  const all = await db.stackEvent.findMany({ where: { operationId: operation.id }, orderBy: { seq: "asc" }, take: 2000 });
  const progress = progressOf({
    kind: operation.kind, total: operation.resourcesTotal, durations: getBlueprint(client.blueprintId)?.durations ?? {},
    events: all, now: new Date(), finished: operation.phase === "DONE" && !/FAILED|ROLLBACK/.test(operation.stackStatus ?? ""),
  });
  return {
    operation: {
      id: operation.id, kind: operation.kind, phase: operation.phase, stackStatus: operation.stackStatus, statusReason: operation.statusReason,
      startedAt: operation.startedAt.toISOString(), finishedAt: operation.finishedAt?.toISOString() ?? null, requestId: operation.requestId,
    },
    client: base,
    progress,
    events: all.filter((e) => e.seq > afterSeq).map((e) => ({ seq: e.seq, logicalId: e.logicalId, resourceType: e.resourceType, status: e.status, reason: e.reason, timestamp: e.timestamp.toISOString() })),
  };
}
