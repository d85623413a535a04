import "server-only";
import { db } from "../db";
import { likeLiteral } from "../db/like";
import { getBlueprint } from "../catalog";
import { finishingStatuses, progressOf, type Progress } from "./progress";

export interface LiveEvent {
  seq: number;
  logicalId: string;
  resourceType: string;
  status: string;
  reason: string | null;
  timestamp: string;
}

export interface LiveStatus {
  operation: {
    id: string;
    kind: string;
    phase: string;
    stackStatus: string | null;
    statusReason: string | null;
    startedAt: string;
    finishedAt: string | null;
    requestId: string;
  } | null;
  client: { status: string; statusReason: string | null; stackStatus: string | null; outputs: Record<string, string> };
  progress: Progress | null;
  /** The operation's events after `afterSeq`, oldest first; empty when `foldFinished` left them out. */
  events: LiveEvent[];
  /** How many events the operation has in all (up to EVENT_LIMIT). */
  eventCount: number;
}

/** The client row's columns that live status reads. */
export interface LiveClientRow {
  status: string;
  statusReason: string | null;
  stackStatus: string | null;
  outputs: string | null;
  blueprintId: string;
}

const OPERATION_SELECT = {
  id: true,
  kind: true,
  phase: true,
  stackStatus: true,
  statusReason: true,
  resourcesTotal: true,
  startedAt: true,
  finishedAt: true,
  requestId: true,
} as const;
const EVENT_SELECT = { seq: true, logicalId: true, resourceType: true, status: true, reason: true, timestamp: true } as const;
/** The most events read for one operation (a stack of a few hundred resources emits about 1,000). */
export const EVENT_LIMIT = 2000;

const toLiveEvent = (e: {
  seq: number;
  logicalId: string;
  resourceType: string;
  status: string;
  reason: string | null;
  timestamp: Date;
}): LiveEvent => ({
  seq: e.seq,
  logicalId: e.logicalId,
  resourceType: e.resourceType,
  status: e.status,
  reason: e.reason,
  timestamp: e.timestamp.toISOString(),
});

/**
 * What the client page shows live: the latest operation, its progress and its events — read
 * from the database the tracker fills, so any number of viewers cost no CloudFormation calls.
 * A caller that has just read the client row passes it (`known`) rather than have it read again.
 * `foldFinished` leaves out the events of a finished operation (the page shows them folded and
 * loads them with `operationEvents` when opened): they are most of a client page's weight.
 */
export async function liveStatus(
  clientId: string,
  options: {
    /** Only events after this sequence number (a stream that already has the earlier ones). */
    afterSeq?: number;
    /** The client row, when the caller has read it already. */
    knownClient?: LiveClientRow;
    /** A finished operation's events are left out (its timeline loads them when opened). */
    foldFinished?: boolean;
  } = {},
): Promise<LiveStatus | null> {
  const { afterSeq = 0, knownClient: known } = options;
  const [client, operation] = await Promise.all([
    known ??
      db.client.findUnique({
        where: { id: clientId },
        select: { status: true, statusReason: true, stackStatus: true, outputs: true, blueprintId: true },
      }),
    db.operation.findFirst({
      where: { clientId },
      orderBy: { startedAt: "desc" },
      select: { ...OPERATION_SELECT, _count: { select: { events: true } } },
    }),
  ]);
  if (!client) return null;
  const base = {
    status: client.status,
    statusReason: client.statusReason,
    stackStatus: client.stackStatus,
    outputs: client.outputs ? (JSON.parse(client.outputs) as Record<string, string>) : {},
  };
  if (!operation) return { operation: null, client: base, progress: null, events: [], eventCount: 0 };
  const folded = Boolean(options.foldFinished && operation.phase === "DONE");
  const events = folded ? [] : await allEvents(operation.id);
  // Folded, only the events that decide a finished operation's progress are read (progress.ts:
  // decidesFinishedProgress), a fifth of them for a launch, and none of their reasons.
  const deciding = folded
    ? await db.stackEvent.findMany({
        where: {
          operationId: operation.id,
          OR: [{ status: { in: finishingStatuses(operation.kind) } }, { status: { endsWith: likeLiteral("_FAILED") } }],
        },
        orderBy: { seq: "asc" },
        take: EVENT_LIMIT,
        select: { logicalId: true, resourceType: true, status: true, timestamp: true },
      })
    : events;
  const progress = progressOf({
    kind: operation.kind,
    total: operation.resourcesTotal,
    durations: getBlueprint(client.blueprintId)?.durations ?? {},
    events: deciding,
    now: new Date(),
    finished: operation.phase === "DONE" && !/FAILED|ROLLBACK/.test(operation.stackStatus ?? ""),
  });
  return {
    operation: {
      id: operation.id,
      kind: operation.kind,
      phase: operation.phase,
      stackStatus: operation.stackStatus,
      statusReason: operation.statusReason,
      startedAt: operation.startedAt.toISOString(),
      finishedAt: operation.finishedAt?.toISOString() ?? null,
      requestId: operation.requestId,
    },
    client: base,
    progress,
    events: events.filter((e) => e.seq > afterSeq).map(toLiveEvent),
    eventCount: Math.min(operation._count.events, EVENT_LIMIT),
  };
}

/**
 * The progress of each client's running operation, for lists of operations in flight (the home
 * pages): two queries for any number of clients, where live status costs three per client, and
 * only the columns progress is computed from (no reasons). A client whose operation has not
 * started yet (approved, waiting for the executor) is missing from the map.
 */
export async function runningProgress(clients: readonly { id: string; blueprintId: string }[]): Promise<Map<string, Progress>> {
  const progress = new Map<string, Progress>();
  if (!clients.length) return progress;
  const operations = await db.operation.findMany({
    where: { clientId: { in: clients.map((c) => c.id) }, phase: { not: "DONE" } },
    orderBy: { startedAt: "desc" },
    select: { id: true, clientId: true, kind: true, resourcesTotal: true },
  });
  // One operation runs per client at a time; the newest is the one, should a row be left over.
  const running = new Map<string, (typeof operations)[number]>();
  for (const op of operations) if (!running.has(op.clientId)) running.set(op.clientId, op);
  if (!running.size) return progress;
  const events = await db.stackEvent.findMany({
    where: { operationId: { in: [...running.values()].map((op) => op.id) } },
    orderBy: { seq: "asc" },
    take: EVENT_LIMIT * running.size,
    select: { operationId: true, logicalId: true, resourceType: true, status: true, timestamp: true },
  });
  const byOperation = new Map<string, typeof events>();
  for (const e of events) {
    const list = byOperation.get(e.operationId);
    if (list) list.push(e);
    else byOperation.set(e.operationId, [e]);
  }
  const now = new Date();
  for (const client of clients) {
    const op = running.get(client.id);
    if (!op) continue;
    progress.set(
      client.id,
      progressOf({
        kind: op.kind,
        total: op.resourcesTotal,
        durations: getBlueprint(client.blueprintId)?.durations ?? {},
        events: (byOperation.get(op.id) ?? []).slice(0, EVENT_LIMIT),
        now,
        finished: false,
      }),
    );
  }
  return progress;
}

/** One operation's events, oldest first (up to EVENT_LIMIT), or null when the client has no such operation. */
export async function operationEvents(clientId: string, operationId: string): Promise<LiveEvent[] | null> {
  const operation = await db.operation.findFirst({ where: { id: operationId, clientId }, select: { id: true } });
  if (!operation) return null;
  return (await allEvents(operationId)).map(toLiveEvent);
}

/** An operation's events, oldest first, up to EVENT_LIMIT. */
function allEvents(operationId: string) {
  return db.stackEvent.findMany({ where: { operationId }, orderBy: { seq: "asc" }, take: EVENT_LIMIT, select: EVENT_SELECT });
}
