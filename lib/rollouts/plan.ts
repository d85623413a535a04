// The wave plan of a fleet rollout: which clients go in which wave, how many run at once, how long
// a wave bakes, and how many failures it tolerates. Pure: the rollout's review page, its schema and
// the scheduler all ask here. The default is a canary (every staging client, then one production
// client), then production waves of growing size: 5 %, 25 %, the rest.
import type { Environment } from "../catalog/sizes";

export type Tolerance = { kind: "count"; value: number } | { kind: "percent"; value: number };

export interface WaveSpec {
  /** How many clients this wave takes, in plan order. */
  count: number;
  /** At most this many of the wave's clients run at once. */
  maxConcurrency: number;
  /** Minutes to watch the wave after its last client finished, before the next wave starts. */
  bakeMinutes: number;
  /** Failures the wave may have before the rollout halts. */
  tolerance: Tolerance;
}

export interface PlanTarget {
  clientId: string;
  /** Used to order clients within an environment, so a plan is the same every time it is drawn. */
  name: string;
  environment: Environment;
}

export interface Wave extends WaveSpec {
  index: number;
  /** "Canary: staging", "Canary: first production client", "Wave 3" — for the page and the log. */
  label: string;
  clientIds: string[];
}

export const DEFAULT_CONCURRENCY = 5;
export const DEFAULT_BAKE_MINUTES = 10;
const DEFAULT_TOLERANCE: Tolerance = { kind: "count", value: 0 };
/** Production waves after the first production client, as shares of the production clients. */
const GROWTH = [0.05, 0.25] as const;

/** Staging first, then production; by name, then id, within each. */
export function planOrder<T extends PlanTarget>(targets: readonly T[]): T[] {
  const rank = (t: PlanTarget) => (t.environment === "staging" ? 0 : 1);
  return [...targets].sort(
    (a, b) => rank(a) - rank(b) || a.name.localeCompare(b.name, "en") || (a.clientId < b.clientId ? -1 : a.clientId > b.clientId ? 1 : 0),
  );
}

/** The default wave sizes for these targets (empty waves left out). */
export function defaultWaveSpecs(targets: readonly PlanTarget[]): WaveSpec[] {
  const staging = targets.filter((t) => t.environment === "staging").length;
  const production = targets.length - staging;
  const spec = (count: number, maxConcurrency = DEFAULT_CONCURRENCY): WaveSpec => ({
    count,
    maxConcurrency: Math.max(1, Math.min(maxConcurrency, count)),
    bakeMinutes: DEFAULT_BAKE_MINUTES,
    tolerance: DEFAULT_TOLERANCE,
  });
  const specs: WaveSpec[] = [];
  if (staging > 0) specs.push(spec(staging));
  if (production > 0) specs.push(spec(1));
  let placed = Math.min(production, 1);
  for (const share of GROWTH) {
    // Each growth wave is its share of production (at least one client). Growth stops once a wave
    // would take all that is left: the last wave takes the rest.
    const left = production - placed;
    const size = Math.min(left, Math.max(1, Math.round(production * share)));
    if (size <= 0 || size === left) break;
    specs.push(spec(size));
    placed += size;
  }
  if (production - placed > 0) specs.push(spec(production - placed, DEFAULT_CONCURRENCY * 2));
  return specs;
}

/** Cuts the ordered targets into waves of the given sizes. The sizes must add up (validatePlan). */
export function assignWaves(targets: readonly PlanTarget[], specs: readonly WaveSpec[]): Wave[] {
  const ordered = planOrder(targets);
  const stagingCount = ordered.filter((t) => t.environment === "staging").length;
  let offset = 0;
  return specs.map((spec, index) => {
    const members = ordered.slice(offset, offset + spec.count);
    const startsAt = offset;
    offset += spec.count;
    return { ...spec, index, label: waveLabel(index, startsAt, members, stagingCount), clientIds: members.map((t) => t.clientId) };
  });
}

function waveLabel(index: number, startsAt: number, members: readonly PlanTarget[], stagingCount: number): string {
  const number = `Wave ${index + 1}`;
  if (members.length > 0 && members.every((t) => t.environment === "staging")) return `${number}: staging canary`;
  if (members.length === 1 && startsAt === stagingCount && members[0].environment === "production") {
    return `${number}: first production client`;
  }
  return number;
}

/** How many failures a wave of `size` clients tolerates before the rollout halts. */
export function toleratedFailures(tolerance: Tolerance, size: number): number {
  return tolerance.kind === "count" ? tolerance.value : Math.floor((size * tolerance.value) / 100);
}

export interface PlanIssue {
  /** The form field the message belongs to: "waves", "waves.2.count", "waves.0.tolerance". */
  path: string;
  message: string;
}

/** What is wrong with an edited plan, each with the field it belongs to. Empty when it is sound. */
export function validatePlan(specs: readonly WaveSpec[], targetCount: number): PlanIssue[] {
  const issues: PlanIssue[] = [];
  if (targetCount === 0) issues.push({ path: "selection", message: "No client matches this selection" });
  if (specs.length === 0) issues.push({ path: "waves", message: "A rollout needs at least one wave" });
  specs.forEach((spec, i) => {
    const at = `waves.${i}`;
    if (!Number.isInteger(spec.count) || spec.count < 1) issues.push({ path: `${at}.count`, message: "A wave holds at least one client" });
    if (!Number.isInteger(spec.maxConcurrency) || spec.maxConcurrency < 1) {
      issues.push({ path: `${at}.maxConcurrency`, message: "At least one client must be able to run at a time" });
    }
    if (!Number.isInteger(spec.bakeMinutes) || spec.bakeMinutes < 0 || spec.bakeMinutes > 24 * 60) {
      issues.push({ path: `${at}.bakeMinutes`, message: "Bake time is between 0 and 1,440 minutes" });
    }
    const { kind, value } = spec.tolerance;
    if (!Number.isInteger(value) || value < 0) issues.push({ path: `${at}.tolerance`, message: "Tolerance is a whole number, 0 or more" });
    else if (kind === "percent" && value > 100) issues.push({ path: `${at}.tolerance`, message: "Tolerance cannot be over 100 %" });
  });
  const total = specs.reduce((sum, s) => sum + (Number.isInteger(s.count) && s.count > 0 ? s.count : 0), 0);
  if (specs.length > 0 && targetCount > 0 && total !== targetCount) {
    issues.push({
      path: "waves",
      message: `The waves hold ${total} client${total === 1 ? "" : "s"}, but the rollout has ${targetCount}`,
    });
  }
  return issues;
}

/**
 * The plan's lower bound in seconds: over the waves, the wave's own bound plus its bake time (the
 * rollout finishes when the last wave has baked). A wave cannot finish before its slowest client,
 * nor before its total work spread over its concurrency.
 */
export function lowerBoundSeconds(waves: readonly Wave[], durationOf: (clientId: string) => number): number {
  return waves.reduce((sum, wave) => {
    if (wave.clientIds.length === 0) return sum;
    const durations = wave.clientIds.map(durationOf);
    const longest = Math.max(...durations);
    const spread = durations.reduce((a, b) => a + b, 0) / wave.maxConcurrency;
    return sum + Math.max(longest, spread) + wave.bakeMinutes * 60;
  }, 0);
}
