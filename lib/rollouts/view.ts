// The rollout pages' sentences and rows, from stored rows and the wave logic. Pure.
import { formatDurationSeconds } from "./format";
import type { ClientProgress, RolloutSnapshot } from "./progress";
import { wavePhase } from "./progress";
import { RESULT_LABELS, type RolloutState } from "./state";
import type { Wave } from "./plan";

export const RESULT_FILTERS = ["all", "failed", "running", "updated", "skipped", "waiting"] as const;
export type ResultFilter = (typeof RESULT_FILTERS)[number];
export const RESULT_FILTER_LABELS: Record<ResultFilter, string> = {
  all: "All",
  failed: "Failed",
  running: "Updating",
  updated: "Updated",
  skipped: "Skipped",
  waiting: "Not started",
};

export function isResultFilter(value: string | undefined): value is ResultFilter {
  return (RESULT_FILTERS as readonly string[]).includes(value ?? "");
}

const plural = (n: number, one: string, many = `${one}s`) => `${n.toLocaleString("en")} ${n === 1 ? one : many}`;

/** "1 of 2 approvals" */
export function approvalsSentence(valid: number, required: number): string {
  return `${valid} of ${plural(required, "approval")}`;
}

/** What the rollout is doing, in one sentence for the page header. */
export function stateSentence(input: {
  state: RolloutState;
  counts: Record<string, number>;
  approvals: number;
  required: number;
  haltReason: string | null;
}): string {
  const c = (k: string) => input.counts[k] ?? 0;
  const planned = c("READY") + c("RELEASED") + c("DONE") + c("SKIPPED");
  const total = planned + c("PREPARING") + c("EXCLUDED");
  switch (input.state) {
    case "PREPARING":
      return total === 0
        ? "Listing the clients that match…"
        : `Preparing: ${plural(total - c("PREPARING"), "client")} of ${total.toLocaleString("en")} ready for review.`;
    case "REVIEW":
      return planned === 0
        ? "No client can take part: see why below."
        : `Waiting for approval (${approvalsSentence(input.approvals, input.required)}) to update ${plural(planned, "client")}.`;
    case "RUNNING":
      return `Running: ${plural(c("DONE") + c("SKIPPED"), "client")} of ${planned.toLocaleString("en")} done.`;
    case "PAUSED":
      return `Paused by a person: no new client starts until it is resumed.`;
    case "HALTED":
      return `Halted: ${input.haltReason ?? "a client needs attention"}.`;
    case "ABORTED":
      return `Aborted: ${plural(c("DONE"), "client")} had been updated; nothing else will start.`;
    case "FINISHED":
      return `Finished: ${plural(c("DONE"), "client")} updated${c("SKIPPED") ? `, ${plural(c("SKIPPED"), "client")} skipped` : ""}.`;
  }
}

export interface WaveRow {
  index: number;
  label: string;
  total: number;
  done: number;
  failed: number;
  running: number;
  waiting: number;
  phase: "waiting" | "running" | "baking" | "done";
  /** "up to 5 at once · bakes 10 min · tolerates no failures" */
  rules: string;
}

function tolerance(wave: Wave): string {
  const { kind, value } = wave.tolerance;
  if (value === 0) return "tolerates no failures";
  return kind === "percent" ? `tolerates ${value} % failures` : `tolerates ${plural(value, "failure")}`;
}

export function waveRows(snapshot: RolloutSnapshot, now: Date): WaveRow[] {
  const at = snapshot.waves.length ? wavePhase(snapshot, now) : null;
  return snapshot.waves.map((wave) => {
    const states = wave.clientIds.map((id): ClientProgress => snapshot.clients[id] ?? { state: "pending" });
    const count = (f: (p: ClientProgress) => boolean) => states.filter(f).length;
    const phase: WaveRow["phase"] =
      !at || at.phase === "done" || wave.index < at.index
        ? "done"
        : wave.index > at.index
          ? "waiting"
          : at.phase === "baking"
            ? "baking"
            : "running";
    return {
      index: wave.index,
      label: wave.label,
      total: wave.clientIds.length,
      done: count((p) => ["succeeded", "failed", "degraded", "skipped"].includes(p.state)),
      failed: count((p) => p.state === "failed" || p.state === "degraded"),
      running: count((p) => p.state === "running"),
      waiting: count((p) => p.state === "pending" && p.canStartNow === false),
      phase: snapshot.state === "finished" ? "done" : phase,
      rules: `up to ${wave.maxConcurrency} at once · bakes ${formatDurationSeconds(wave.bakeMinutes * 60)} · ${tolerance(wave)}`,
    };
  });
}

export type ResultCode = keyof typeof RESULT_LABELS;

/** A client's result as a code: its run state, or "waiting" while its maintenance window is closed. */
export function resultOf(target: { state: string }, progress: ClientProgress | undefined): ResultCode {
  if (target.state === "SKIPPED") return "skipped";
  if (!progress) return "pending";
  if (progress.state === "pending" && progress.canStartNow === false) return "waiting";
  return progress.state;
}

/** A client's result in the table, as words. */
export function resultLabel(target: { state: string }, progress: ClientProgress | undefined): string {
  return RESULT_LABELS[resultOf(target, progress)];
}

/** "about 12 minutes left", or null without an estimate. */
export function etaSentence(seconds: number | null, state: RolloutState): string | null {
  if (seconds === null || state === "FINISHED" || state === "ABORTED") return null;
  return seconds <= 0 ? "finishing now" : `about ${formatDurationSeconds(seconds)} left`;
}
