import { describe, expect, it } from "vitest";
import type { ValidationError } from "../errors";
import { parseWavePlan } from "./schemas";
import { assignWaves, defaultWaveSpecs, lowerBoundSeconds, planOrder, toleratedFailures, validatePlan, type PlanTarget } from "./plan";

const targets = (staging: number, production: number): PlanTarget[] => [
  ...Array.from({ length: staging }, (_, i) => ({
    clientId: `s${i}`,
    name: `Staging ${String(i).padStart(3, "0")}`,
    environment: "staging" as const,
  })),
  ...Array.from({ length: production }, (_, i) => ({
    clientId: `p${i}`,
    name: `Prod ${String(i).padStart(3, "0")}`,
    environment: "production" as const,
  })),
];

describe("the default wave plan", () => {
  it.each([
    // staging, production → wave sizes
    [0, 0, []],
    [3, 0, [3]],
    [0, 1, [1]],
    [0, 2, [1, 1]],
    [2, 3, [2, 1, 1, 1]],
    [1, 10, [1, 1, 1, 3, 5]],
    [12, 100, [12, 1, 5, 25, 69]],
    [0, 500, [1, 25, 125, 349]],
  ])("%i staging and %i production clients → waves %j", (staging, production, sizes) => {
    const specs = defaultWaveSpecs(targets(staging, production));
    expect(specs.map((s) => s.count)).toEqual(sizes);
    if (staging + production > 0) expect(validatePlan(specs, staging + production)).toEqual([]);
  });

  it("puts every staging client before the first production client, which runs alone", () => {
    const waves = assignWaves(targets(2, 30), defaultWaveSpecs(targets(2, 30)));
    expect(waves[0]).toMatchObject({ label: "Wave 1: staging canary", clientIds: ["s0", "s1"] });
    expect(waves[1]).toMatchObject({ label: "Wave 2: first production client", clientIds: ["p0"], maxConcurrency: 1 });
    expect(waves.flatMap((w) => w.clientIds)).toHaveLength(32);
    expect(new Set(waves.flatMap((w) => w.clientIds)).size).toBe(32);
  });

  it("draws the same plan whatever order the targets arrive in", () => {
    const list = targets(3, 8);
    const shuffled = [...list].reverse();
    expect(assignWaves(shuffled, defaultWaveSpecs(shuffled))).toEqual(assignWaves(list, defaultWaveSpecs(list)));
    expect(planOrder(shuffled).map((t) => t.clientId)).toEqual(planOrder(list).map((t) => t.clientId));
  });
});

describe("validating an edited plan", () => {
  const wave = { count: 2, maxConcurrency: 1, bakeMinutes: 5, tolerance: { kind: "count" as const, value: 0 } };

  it("names the waves whose sizes do not add up", () => {
    expect(validatePlan([wave, wave], 5)).toEqual([{ path: "waves", message: "The waves hold 4 clients, but the rollout has 5" }]);
  });

  it("refuses an empty selection", () => {
    expect(validatePlan([], 0).map((i) => i.path)).toEqual(["selection", "waves"]);
  });

  it.each([
    [{ ...wave, count: 0 }, "waves.0.count", "A wave holds at least one client"],
    [{ ...wave, maxConcurrency: 0 }, "waves.0.maxConcurrency", "At least one client must be able to run at a time"],
    [{ ...wave, bakeMinutes: -1 }, "waves.0.bakeMinutes", "Bake time is between 0 and 1,440 minutes"],
    [{ ...wave, tolerance: { kind: "percent" as const, value: 101 } }, "waves.0.tolerance", "Tolerance cannot be over 100 %"],
    [{ ...wave, tolerance: { kind: "count" as const, value: 1.5 } }, "waves.0.tolerance", "Tolerance is a whole number, 0 or more"],
  ])("puts the error on the field that caused it (%j)", (spec, path, message) => {
    expect(validatePlan([spec], spec.count > 0 ? spec.count : 1)).toContainEqual({ path, message });
  });
});

describe("tolerance and the lower bound", () => {
  it.each([
    [{ kind: "count" as const, value: 2 }, 10, 2],
    [{ kind: "percent" as const, value: 10 }, 25, 2],
    [{ kind: "percent" as const, value: 10 }, 9, 0],
    [{ kind: "percent" as const, value: 100 }, 7, 7],
  ])("%j of a %i-client wave tolerates %i failures", (tolerance, size, expected) => {
    expect(toleratedFailures(tolerance, size)).toBe(expected);
  });

  it("adds each wave's slowest client (or its work over its concurrency) and its bake time", () => {
    const waves = assignWaves(targets(0, 5), [
      { count: 1, maxConcurrency: 1, bakeMinutes: 1, tolerance: { kind: "count", value: 0 } },
      { count: 4, maxConcurrency: 2, bakeMinutes: 0, tolerance: { kind: "count", value: 0 } },
    ]);
    const durations: Record<string, number> = { p0: 100, p1: 50, p2: 50, p3: 50, p4: 90 };
    // wave 1: 100 + 60 bake; wave 2: max(90, 240 / 2) = 120.
    expect(lowerBoundSeconds(waves, (id) => durations[id])).toBe(280);
  });
});

describe("parsing a wave plan from the form", () => {
  const form = (waves: Record<string, unknown>[]) => ({ waves });
  const fieldErrorsOf = (fn: () => unknown) => {
    try {
      fn();
    } catch (error) {
      return (error as ValidationError).fieldErrors;
    }
    throw new Error("expected a ValidationError");
  };

  it("turns the form's strings into wave specs", () => {
    expect(
      parseWavePlan(form([{ count: "3", maxConcurrency: "2", bakeMinutes: "0", toleranceKind: "percent", toleranceValue: "10" }]), 3),
    ).toEqual([{ count: 3, maxConcurrency: 2, bakeMinutes: 0, tolerance: { kind: "percent", value: 10 } }]);
  });

  it("names the field and the rule", () => {
    expect(fieldErrorsOf(() => parseWavePlan(form([{ count: "two", maxConcurrency: 1, bakeMinutes: 0, toleranceValue: 0 }]), 2))).toEqual({
      "waves.0.count": ["The wave's size must be a number"],
    });
    expect(
      fieldErrorsOf(() =>
        parseWavePlan(form([{ count: 2, maxConcurrency: 1, bakeMinutes: 0, toleranceKind: "percent", toleranceValue: 150 }]), 2),
      ),
    ).toEqual({
      "waves.0.tolerance": ["Tolerance cannot be over 100 %"],
    });
    expect(fieldErrorsOf(() => parseWavePlan(form([{ count: 1, maxConcurrency: 1, bakeMinutes: 0, toleranceValue: 0 }]), 2))).toEqual({
      waves: ["The waves hold 1 client, but the rollout has 2"],
    });
    expect(fieldErrorsOf(() => parseWavePlan(form([]), 2))).toEqual({ waves: ["A rollout needs at least one wave"] });
  });
});
