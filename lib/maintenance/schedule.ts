import "server-only";
import { db } from "../db";
import { appendAudit } from "../audit/append";
import { getBlueprint } from "../catalog";
import { usesChangeSet } from "../changes/state-machine";
import { notifyScheduled } from "../notify/enqueue";
import type { ChangeSetSummary } from "../tracker/changesets";
import { clientWindow } from "./client-window";
import { classifyChange } from "./disruptive";
import { nextWindow } from "./window";

// Whether an approved request may begin now. A disruptive change waits for the client's next
// maintenance window: the first worker to see it records the window (a conditional update, so
// with several workers it is recorded, audited and announced once), and it begins once the window
// is open. A window that closed before it could begin (every worker was down) moves it to the next.
// Everything is in the request row, so a restart picks up where it was.

const SYSTEM = { id: null, label: "scheduler" };

type Params = { ParameterKey: string; ParameterValue: string }[];

export async function mayBeginNow(requestId: string, now: Date): Promise<boolean> {
  const request = await db.changeRequest.findUnique({
    where: { id: requestId },
    include: { revision: true, client: { include: { currentRevision: true } } },
  });
  if (!request || request.state !== "APPROVED") return false;
  if (!usesChangeSet(request.kind)) return true;
  const blueprint = getBlueprint(request.client.blueprintId);
  if (!blueprint) return true;
  const window = clientWindow(request.client, blueprint);

  if (request.scheduledFor) {
    if (!request.scheduledUntil) return true; // an approver chose "run now"
    if (now < request.scheduledFor) return false;
    if (now < request.scheduledUntil) return true;
    const next = nextWindow(window, now);
    await record(request, next, window.timeZone, "request.reschedule", { start: request.scheduledFor, end: request.scheduledUntil });
    return false;
  }

  const summary = request.changeSetSummary ? (JSON.parse(request.changeSetSummary) as ChangeSetSummary) : { changes: [] };
  const { disruptive, reasons } = classifyChange({
    changes: summary.changes,
    before: request.client.currentRevision ? (JSON.parse(request.client.currentRevision.parameters) as Params) : [],
    after: request.revision ? (JSON.parse(request.revision.parameters) as Params) : [],
    disruptiveParameters: blueprint.disruptiveParameters,
  });
  if (!disruptive) return true;
  const next = nextWindow(window, now);
  if (next.start <= now) return true; // the window is open: go
  await record(request, next, window.timeZone, "request.schedule", null, reasons);
  return false;
}

async function record(
  request: { id: string; clientId: string; scheduledFor: Date | null },
  next: { start: Date; end: Date },
  timeZone: string,
  action: "request.schedule" | "request.reschedule",
  before: { start: Date; end: Date } | null,
  reasons: string[] = [],
) {
  await db.$transaction(async (tx) => {
    const moved = await tx.changeRequest.updateMany({
      where: { id: request.id, state: "APPROVED", scheduledFor: request.scheduledFor },
      data: { scheduledFor: next.start, scheduledUntil: next.end },
    });
    if (moved.count !== 1) return; // another worker recorded it first
    await appendAudit(tx, {
      actor: SYSTEM,
      action,
      entityType: "ChangeRequest",
      entityId: request.id,
      clientId: request.clientId,
      before: before ? { scheduledFor: before.start.toISOString(), scheduledUntil: before.end.toISOString() } : null,
      after: {
        scheduledFor: next.start.toISOString(),
        scheduledUntil: next.end.toISOString(),
        timeZone,
        ...(reasons.length ? { reasons } : {}),
      },
    });
    await notifyScheduled(tx, request.id, { ...next, timeZone });
  });
}
