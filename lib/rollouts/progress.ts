// What a running rollout does next: which clients start, when a wave is done and baking, and when
// the rollout halts. Pure and driven by an injected "now", so the scheduler and its tests agree.
//
// Halting: a client verified degraded, or a CloudWatch alarm in ALARM on a client of the current
// wave (during its update or the bake), halts at once. Failed clients count against the wave's
// tolerance (0 by default, so the first failure halts); once over it, the rollout halts. Halting
// means no new client starts; the ones in flight finish.
import { toleratedFailures, type Wave } from "./plan";

export type ClientRunState = "pending" | "running" | "succeeded" | "failed" | "degraded" | "skipped";
export type RolloutState = "running" | "paused" | "halted" | "aborted" | "finished";

export interface ClientProgress {
  state: ClientRunState;
  finishedAt?: Date;
  /** Alarms of this client's stack in ALARM right now (names). */
  alarms?: string[];
  /** False while the client's maintenance window is closed: it waits, it has not failed. */
  canStartNow?: boolean;
}

export interface RolloutSnapshot {
  state: RolloutState;
  waves: readonly Wave[];
  clients: Readonly<Record<string, ClientProgress>>;
  /** For messages: client id → name. */
  names?: Readonly<Record<string, string>>;
}

export type HaltReason =
  | { kind: "tolerance"; wave: number; message: string }
  | { kind: "degraded"; wave: number; clientId: string; message: string }
  | { kind: "alarm"; wave: number; clientId: string; alarm: string; message: string };

export type Step =
  | { kind: "idle"; reason: "paused" | "halted" | "aborted" | "finished" }
  | { kind: "halt"; reason: HaltReason }
  | { kind: "run"; wave: number; start: string[]; waiting: string[]; running: number }
  | { kind: "bake"; wave: number; until: Date }
  | { kind: "finish" };

const TERMINAL: ReadonlySet<ClientRunState> = new Set(["succeeded", "failed", "degraded", "skipped"]);

const nameOf = (snapshot: RolloutSnapshot, id: string) => snapshot.names?.[id] ?? id;
const progressOf = (snapshot: RolloutSnapshot, id: string): ClientProgress => snapshot.clients[id] ?? { state: "pending" };

const lastFinish = (snapshot: RolloutSnapshot, wave: Wave) =>
  Math.max(0, ...wave.clientIds.map((id) => progressOf(snapshot, id).finishedAt?.getTime() ?? 0));

export type WavePhase =
  { index: number; phase: "running" } | { index: number; phase: "baking"; until: Date } | { index: number; phase: "done" };

/**
 * Where the rollout is at `now`: the first wave with a client still to finish ("running"), or a
 * finished wave whose bake time has not passed ("baking"), or past the last wave ("done").
 */
export function wavePhase(snapshot: RolloutSnapshot, now: Date): WavePhase {
  for (const [index, wave] of snapshot.waves.entries()) {
    if (wave.clientIds.some((id) => !TERMINAL.has(progressOf(snapshot, id).state))) return { index, phase: "running" };
    const until = new Date(lastFinish(snapshot, wave) + wave.bakeMinutes * 60_000);
    if (now < until) return { index, phase: "baking", until };
  }
  return { index: snapshot.waves.length - 1, phase: "done" };
}

/** Why this wave must halt the rollout, or null. Alarms count while the wave runs or bakes. */
export function haltReason(snapshot: RolloutSnapshot, waveIndex: number, { alarms = true } = {}): HaltReason | null {
  const wave = snapshot.waves[waveIndex];
  if (!wave) return null;
  for (const id of wave.clientIds) {
    const p = progressOf(snapshot, id);
    const alarm = !alarms || p.state === "skipped" ? undefined : p.alarms?.[0];
    if (alarm) {
      return { kind: "alarm", wave: waveIndex, clientId: id, alarm, message: `The alarm ${alarm} of ${nameOf(snapshot, id)} is in ALARM` };
    }
    if (p.state === "degraded") {
      return { kind: "degraded", wave: waveIndex, clientId: id, message: `${nameOf(snapshot, id)} was verified degraded after its update` };
    }
  }
  const failed = wave.clientIds.filter((id) => progressOf(snapshot, id).state === "failed");
  const tolerated = toleratedFailures(wave.tolerance, wave.clientIds.length);
  if (failed.length > tolerated) {
    const who = failed.length === 1 ? `${nameOf(snapshot, failed[0])} failed` : `${failed.length} clients failed`;
    const allowance = tolerated === 0 ? "no failures" : tolerated === 1 ? "1 failure" : `${tolerated} failures`;
    return { kind: "tolerance", wave: waveIndex, message: `${who} in ${wave.label}; the wave tolerates ${allowance}` };
  }
  return null;
}

/** The rollout's next step at `now`. */
export function nextStep(snapshot: RolloutSnapshot, now: Date): Step {
  if (snapshot.state !== "running") return { kind: "idle", reason: snapshot.state };
  if (snapshot.waves.length === 0) return { kind: "finish" };
  const at = wavePhase(snapshot, now);
  // A finished wave's failures still count: the next wave never starts past them (until the
  // failed client is skipped or retried). Alarms count for the wave running or baking only.
  for (let index = 0; index <= at.index; index++) {
    const reason = haltReason(snapshot, index, { alarms: index === at.index && at.phase !== "done" });
    if (reason) return { kind: "halt", reason };
  }
  if (at.phase === "done") return { kind: "finish" };
  if (at.phase === "baking") return { kind: "bake", wave: at.index, until: at.until };
  const wave = snapshot.waves[at.index];
  const states = wave.clientIds.map((id) => [id, progressOf(snapshot, id)] as const);
  const running = states.filter(([, p]) => p.state === "running").length;
  const pending = states.filter(([, p]) => p.state === "pending");
  const ready = pending.filter(([, p]) => p.canStartNow !== false).map(([id]) => id);
  const waiting = pending.filter(([, p]) => p.canStartNow === false).map(([id]) => id);
  return { kind: "run", wave: at.index, start: ready.slice(0, Math.max(0, wave.maxConcurrency - running)), waiting, running };
}

/** Median of past durations in seconds, or null without history. */
export function medianSeconds(durations: readonly number[]): number | null {
  if (durations.length === 0) return null;
  const sorted = [...durations].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/**
 * Seconds until the rollout finishes, learned from past durations of the same kind of change
 * (their median): the clients still to run, in rounds of each wave's concurrency, plus the bake
 * times still ahead. Null without history, so the page says "no estimate yet" instead of guessing.
 */
export function etaSeconds(snapshot: RolloutSnapshot, pastDurations: readonly number[], now: Date): number | null {
  const typical = medianSeconds(pastDurations);
  if (typical === null) return null;
  if (snapshot.state === "finished" || snapshot.state === "aborted" || snapshot.waves.length === 0) return 0;
  const at = wavePhase(snapshot, now);
  if (at.phase === "done") return 0;
  let total = at.phase === "baking" ? (at.until.getTime() - now.getTime()) / 1000 : 0;
  for (const wave of snapshot.waves.slice(at.phase === "baking" ? at.index + 1 : at.index)) {
    const left = wave.clientIds.filter((id) => !TERMINAL.has(progressOf(snapshot, id).state)).length;
    total += Math.ceil(left / wave.maxConcurrency) * typical + wave.bakeMinutes * 60;
  }
  return Math.round(total);
}
