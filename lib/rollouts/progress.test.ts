import { describe, expect, it } from "vitest";
import { assignWaves, type PlanTarget, type WaveSpec } from "./plan";
import { etaSeconds, haltReason, medianSeconds, nextStep, type ClientProgress, type RolloutSnapshot } from "./progress";

const targets: PlanTarget[] = ["a", "b", "c", "d", "e"].map((id) => ({
  clientId: id,
  name: `Client ${id.toUpperCase()}`,
  environment: "production",
}));
const spec = (count: number, extra: Partial<WaveSpec> = {}): WaveSpec => ({
  count,
  maxConcurrency: 2,
  bakeMinutes: 10,
  tolerance: { kind: "count", value: 0 },
  ...extra,
});
const NOW = new Date("2026-12-07T02:00:00Z");
const minutesAgo = (m: number) => new Date(NOW.getTime() - m * 60_000);

function snapshot(
  clients: Record<string, ClientProgress>,
  specs: WaveSpec[] = [spec(1), spec(4)],
  state: RolloutSnapshot["state"] = "running",
): RolloutSnapshot {
  return { state, waves: assignWaves(targets, specs), clients, names: Object.fromEntries(targets.map((t) => [t.clientId, t.name])) };
}

describe("halt decisions", () => {
  it.each<[string, Record<string, ClientProgress>, WaveSpec[], string | null]>([
    ["all well", { a: { state: "running" } }, [spec(5)], null],
    ["one failure, no tolerance", { a: { state: "failed" } }, [spec(5)], "Client A failed in Wave 1; the wave tolerates no failures"],
    ["one failure, tolerance 1", { a: { state: "failed" } }, [spec(5, { tolerance: { kind: "count", value: 1 } })], null],
    [
      "two failures, tolerance 1",
      { a: { state: "failed" }, b: { state: "failed" } },
      [spec(5, { tolerance: { kind: "count", value: 1 } })],
      "2 clients failed in Wave 1; the wave tolerates 1 failure",
    ],
    ["20 % of 5 tolerates one", { a: { state: "failed" } }, [spec(5, { tolerance: { kind: "percent", value: 20 } })], null],
    [
      "degraded halts whatever the tolerance",
      { b: { state: "degraded" } },
      [spec(5, { tolerance: { kind: "percent", value: 100 } })],
      "Client B was verified degraded after its update",
    ],
    [
      "an alarm on a running client",
      { c: { state: "running", alarms: ["Client-C-5xx"] } },
      [spec(5)],
      "The alarm Client-C-5xx of Client C is in ALARM",
    ],
    [
      "an alarm on a finished client during the bake",
      { c: { state: "succeeded", alarms: ["Client-C-5xx"] } },
      [spec(5)],
      "The alarm Client-C-5xx of Client C is in ALARM",
    ],
    ["a skipped client's alarm does not count", { c: { state: "skipped", alarms: ["Client-C-5xx"] } }, [spec(5)], null],
  ])("%s", (_name, clients, specs, message) => {
    expect(haltReason(snapshot(clients, specs), 0)?.message ?? null).toBe(message);
  });
});

describe("the next step", () => {
  it("starts the wave's clients up to its concurrency", () => {
    expect(nextStep(snapshot({}, [spec(5)]), NOW)).toEqual({ kind: "run", wave: 0, start: ["a", "b"], waiting: [], running: 0 });
    expect(nextStep(snapshot({ a: { state: "running" } }, [spec(5)]), NOW)).toMatchObject({ start: ["b"], running: 1 });
    expect(nextStep(snapshot({ a: { state: "running" }, b: { state: "running" } }, [spec(5)]), NOW)).toMatchObject({
      start: [],
      running: 2,
    });
  });

  it("lets a client whose maintenance window is closed wait, without failing it", () => {
    const step = nextStep(snapshot({ a: { state: "pending", canStartNow: false } }, [spec(5)]), NOW);
    expect(step).toEqual({ kind: "run", wave: 0, start: ["b", "c"], waiting: ["a"], running: 0 });
  });

  it("bakes a finished wave before the next one starts, then moves on", () => {
    const done = (m: number): ClientProgress => ({ state: "succeeded", finishedAt: minutesAgo(m) });
    expect(nextStep(snapshot({ a: done(3) }), NOW)).toEqual({ kind: "bake", wave: 0, until: new Date(minutesAgo(3).getTime() + 600_000) });
    expect(nextStep(snapshot({ a: done(11) }), NOW)).toMatchObject({ kind: "run", wave: 1, start: ["b", "c"] });
  });

  it("halts instead of starting anyone once a client has failed", () => {
    const step = nextStep(snapshot({ a: { state: "succeeded", finishedAt: minutesAgo(20) }, b: { state: "failed" } }), NOW);
    expect(step).toEqual({
      kind: "halt",
      reason: { kind: "tolerance", wave: 1, message: "Client B failed in Wave 2; the wave tolerates no failures" },
    });
  });

  it("never moves past a finished wave whose failure it does not tolerate, until the client is skipped", () => {
    const failedCanary = { a: { state: "failed", finishedAt: minutesAgo(30) } as ClientProgress };
    expect(nextStep(snapshot(failedCanary), NOW)).toEqual({
      kind: "halt",
      reason: { kind: "tolerance", wave: 0, message: "Client A failed in Wave 1: first production client; the wave tolerates no failures" },
    });
    expect(nextStep(snapshot({ a: { state: "skipped" } }), NOW)).toMatchObject({ kind: "run", wave: 1, start: ["b", "c"] });
    // A tolerated failure lets the next wave start.
    expect(nextStep(snapshot(failedCanary, [spec(1, { tolerance: { kind: "count", value: 1 } }), spec(4)]), NOW)).toMatchObject({
      kind: "run",
      wave: 1,
    });
  });

  it("finishes after the last wave's bake, and ignores alarms after it", () => {
    const all = Object.fromEntries(targets.map((t) => [t.clientId, { state: "succeeded", finishedAt: minutesAgo(30) } as ClientProgress]));
    expect(nextStep(snapshot(all), NOW)).toEqual({ kind: "finish" });
    expect(nextStep(snapshot({ ...all, e: { ...all.e, alarms: ["late"] } }), NOW)).toEqual({ kind: "finish" });
  });

  it.each(["paused", "halted", "aborted", "finished"] as const)("does nothing while %s", (state) => {
    expect(nextStep(snapshot({}, [spec(5)], state), NOW)).toEqual({ kind: "idle", reason: state });
  });
});

describe("the estimate", () => {
  it("is the median of past durations", () => {
    expect(medianSeconds([])).toBeNull();
    expect(medianSeconds([30, 10, 20])).toBe(20);
    expect(medianSeconds([10, 20, 30, 1000])).toBe(25);
  });

  it("counts the rounds still to run and the bakes ahead, and has none without history", () => {
    // wave 1 (1 client, running): 1 round; wave 2 (4 clients, 2 at a time): 2 rounds; two bakes of 10 min.
    expect(etaSeconds(snapshot({ a: { state: "running" } }), [100], NOW)).toBe(100 + 600 + 2 * 100 + 600);
    expect(etaSeconds(snapshot({ a: { state: "succeeded", finishedAt: minutesAgo(4) } }), [100], NOW)).toBe(360 + 200 + 600);
    expect(etaSeconds(snapshot({}), [], NOW)).toBeNull();
  });
});
