// Progress and time remaining for an operation, from its stored events. Pure.
// Typical durations per resource type come from the blueprint (AWS minutes); the scale is
// learned from the resources already finished in this operation, so the estimate fits the
// sandbox's compressed clock and real AWS alike.

export interface ProgressEvent {
  logicalId: string;
  resourceType: string;
  status: string;
  timestamp: Date;
}

export interface Progress {
  done: number;
  total: number;
  percent: number;
  etaSeconds: number | null;
  failed: boolean;
}

const STACK = "AWS::CloudFormation::Stack";

/** The statuses with which a resource counts as done in an operation of this kind. */
export function finishingStatuses(kind: string): string[] {
  return kind === "DELETE" ? ["DELETE_COMPLETE", "DELETE_SKIPPED"] : ["CREATE_COMPLETE", "UPDATE_COMPLETE"];
}

/**
 * The events a finished operation's progress is decided by: its resources' finishing events and
 * any failure (the estimate, which needs the rest, is only made while it runs). A reader may
 * fetch just these (status in finishingStatuses, or ending in _FAILED).
 */
export const decidesFinishedProgress = (kind: string, event: { status: string }) =>
  finishingStatuses(kind).includes(event.status) || event.status.endsWith("_FAILED");

export function progressOf(input: {
  kind: string;
  total: number;
  events: ProgressEvent[];
  durations: Record<string, number>;
  now: Date;
  finished: boolean;
}): Progress {
  const finishing = new Set(finishingStatuses(input.kind));
  const started = new Map<string, ProgressEvent>();
  const completed = new Map<string, ProgressEvent>();
  let failed = false;
  for (const e of input.events) {
    if (e.resourceType === STACK) continue;
    if (e.status.endsWith("_IN_PROGRESS") && !started.has(e.logicalId)) started.set(e.logicalId, e);
    if (finishing.has(e.status)) completed.set(e.logicalId, e);
    if (e.status.endsWith("_FAILED")) failed = true;
  }
  const total = Math.max(input.total, completed.size);
  const done = completed.size;
  const percent = input.finished ? 100 : total ? Math.min(99, Math.floor((done / total) * 100)) : 0;
  if (input.finished || failed) return { done, total, percent, etaSeconds: input.finished ? 0 : null, failed };

  const typical = (type: string) => input.durations[type] ?? input.durations.default ?? 60;
  const ratios = [...completed.values()]
    .flatMap((c) => {
      const s = started.get(c.logicalId);
      return s ? [(c.timestamp.getTime() - s.timestamp.getTime()) / 1000 / typical(c.resourceType)] : [];
    })
    .sort((a, b) => a - b);
  const scale = ratios.length ? ratios[Math.floor(ratios.length / 2)] || 1 : 1;
  const running = [...started.values()].filter((s) => !completed.has(s.logicalId));
  const remaining = running.map((s) => typical(s.resourceType) * scale - (input.now.getTime() - s.timestamp.getTime()) / 1000);
  const notStarted = Math.max(0, total - done - running.length);
  const waiting = notStarted > 0 ? median(Object.values(input.durations)) * scale : 0;
  const eta = Math.max(0, ...remaining, 0) + waiting;
  return { done, total, percent, etaSeconds: Math.round(eta), failed };
}

function median(values: number[]): number {
  if (!values.length) return 60;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

export function formatEta(seconds: number | null): string {
  if (seconds === null) return "unknown";
  if (seconds < 5) return "a few seconds";
  if (seconds < 90) return `about ${Math.round(seconds / 5) * 5} seconds`;
  return `about ${Math.round(seconds / 60)} minutes`;
}
