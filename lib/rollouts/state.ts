// The life cycles of a rollout and of each of its clients, and how a client's change request
// reads as a rollout client's progress. Pure: the writers in this folder, the scheduler and the
// pages all ask here.
import type { ClientProgress, ClientRunState, RolloutState as RunState } from "./progress";

export const ROLLOUT_STATES = ["PREPARING", "REVIEW", "RUNNING", "PAUSED", "HALTED", "ABORTED", "FINISHED"] as const;
export type RolloutState = (typeof ROLLOUT_STATES)[number];

const TRANSITIONS: Record<RolloutState, readonly RolloutState[]> = {
  PREPARING: ["REVIEW", "ABORTED"],
  // A retried client or a moved revision sends it back to PREPARING; approval starts it.
  REVIEW: ["RUNNING", "PREPARING", "ABORTED"],
  RUNNING: ["PAUSED", "HALTED", "ABORTED", "FINISHED", "PREPARING"],
  PAUSED: ["RUNNING", "ABORTED", "PREPARING"],
  HALTED: ["RUNNING", "ABORTED", "PREPARING"],
  ABORTED: [],
  FINISHED: [],
};

export function canMove(from: string, to: RolloutState): boolean {
  return (TRANSITIONS[from as RolloutState] ?? []).includes(to);
}

/** States in which the rollout is still going somewhere (the fleet page's "in flight"). */
export const ACTIVE_ROLLOUT_STATES: readonly RolloutState[] = ["PREPARING", "REVIEW", "RUNNING", "PAUSED", "HALTED"];

export const ROLLOUT_STATE_LABELS: Record<RolloutState, string> = {
  PREPARING: "Preparing",
  REVIEW: "Waiting for approval",
  RUNNING: "Running",
  PAUSED: "Paused",
  HALTED: "Halted",
  ABORTED: "Aborted",
  FINISHED: "Finished",
};

/**
 * A client of a rollout: PREPARING (its request and change set are being made) → READY (in the
 * manifest) → RELEASED (the rollout approved its request; the executor runs it as it would alone)
 * → DONE (its request ended: see the request for how). EXCLUDED clients never took part;
 * SKIPPED ones were taken out by a person or because their revision moved.
 */
export const TARGET_STATES = ["PREPARING", "READY", "RELEASED", "DONE", "EXCLUDED", "SKIPPED"] as const;
export type TargetState = (typeof TARGET_STATES)[number];

/** Targets that belong to the manifest and the waves. */
export const PLANNED_TARGET_STATES: readonly TargetState[] = ["READY", "RELEASED", "DONE", "SKIPPED"];

export interface TargetFacts {
  state: string;
  /** The target's change request, when it has one. */
  request: { state: string; scheduledFor: Date | null; updatedAt: Date } | null;
  clientStatus: string;
  finishedAt: Date | null;
  alarms?: string[];
}

/** How a target reads to the wave logic (lib/rollouts/progress.ts). */
export function runStateOf(target: TargetFacts, now: Date): ClientProgress {
  const alarms = target.alarms ?? [];
  if (target.state === "SKIPPED" || target.state === "EXCLUDED") return { state: "skipped" };
  if (target.state === "READY" || target.state === "PREPARING" || !target.request) return { state: "pending", alarms };
  const { request } = target;
  const finishedAt = target.finishedAt ?? request.updatedAt;
  if (target.state === "DONE" || ["SUCCEEDED", "FAILED", "CANCELLED", "REJECTED"].includes(request.state)) {
    if (request.state !== "SUCCEEDED") return { state: "failed", finishedAt, alarms };
    return { state: target.clientStatus === "DEGRADED" ? "degraded" : "succeeded", finishedAt, alarms };
  }
  // Released, but its maintenance window has not opened: it waits, and is not failed.
  if (request.state === "APPROVED" && request.scheduledFor && request.scheduledFor > now)
    return { state: "pending", canStartNow: false, alarms };
  return { state: "running", alarms };
}

/** The wave logic's view of the rollout's own state. */
export function runStateOfRollout(state: string): RunState {
  switch (state) {
    case "RUNNING":
      return "running";
    case "HALTED":
      return "halted";
    case "ABORTED":
      return "aborted";
    case "FINISHED":
      return "finished";
    default:
      return "paused";
  }
}

/** A client's result as the results table shows it. */
export const RESULT_LABELS: Record<ClientRunState | "waiting" | "excluded" | "preparing", string> = {
  pending: "Not started",
  waiting: "Waiting for its maintenance window",
  running: "Updating",
  succeeded: "Updated",
  failed: "Failed",
  degraded: "Degraded",
  skipped: "Skipped",
  excluded: "Not included",
  preparing: "Being prepared",
};
