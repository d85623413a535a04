import { describe, expect, it } from "vitest";
import { compareSizes, formatUsdDelta, getBlueprint } from "./index";

const bp = getBlueprint("stateless-web")!;

describe("compareSizes", () => {
  it.each<[string, string, string[]]>([
    [
      "small",
      "medium",
      [
        "instance type t3.small → t3.medium (instances are replaced one at a time)",
        "database becomes Multi-AZ (a brief failover during the change)",
        "cache becomes Multi-AZ with automatic failover",
        "one NAT gateway per zone",
      ],
    ],
    [
      "medium",
      "large",
      [
        "instance type t3.medium → m6i.large (instances are replaced one at a time)",
        "database storage 50 GiB → 100 GiB",
        "desired instances 2 → 3",
      ],
    ],
    ["large", "enterprise", ["Availability Zones 2 → 3", "backup retention 14 days → 35 days", "cache nodes 2 → 3"]],
    [
      "medium",
      "small",
      [
        "database becomes single-AZ (a brief failover during the change)",
        "database storage 50 GiB → 20 GiB (RDS storage cannot shrink; this needs a new database and a data migration)",
      ],
    ],
  ])("%s → %s speaks plain language", (from, to, expected) => {
    expect(compareSizes(bp, from, to).sentences).toEqual(expect.arrayContaining(expected));
  });

  it("ends with the monthly delta computed from the two sizes' costs", () => {
    const small = bp.sizes.find((s) => s.id === "small")!;
    const large = bp.sizes.find((s) => s.id === "large")!;
    const up = compareSizes(bp, "small", "large");
    const down = compareSizes(bp, "large", "small");
    expect(up.monthlyDeltaUsd).toBeCloseTo(large.cost.monthlyUsd - small.cost.monthlyUsd, 2);
    expect(down.monthlyDeltaUsd).toBeCloseTo(-up.monthlyDeltaUsd, 2);
    expect(up.sentences.at(-1)).toBe(`+$${Math.round(up.monthlyDeltaUsd).toLocaleString("en-US")}/month`);
    expect(down.sentences.at(-1)).toMatch(/^−\$\d+\/month$/);
  });

  it("reports structured changes with notes, and nothing for the same size", () => {
    const change = compareSizes(bp, "small", "medium").changes.find((c) => c.label === "database Multi-AZ");
    expect(change).toEqual({ label: "database Multi-AZ", from: "no", to: "yes", note: "a brief failover during the change" });
    expect(compareSizes(bp, "large", "large")).toEqual({
      changes: [],
      sentences: ["no change in the monthly estimate"],
      monthlyDeltaUsd: 0,
    });
  });

  it("rejects unknown sizes", () => {
    expect(() => compareSizes(bp, "small", "gigantic")).toThrow(/gigantic/);
  });

  it.each([
    [412.4, "+$412/month"],
    [-1703.2, "−$1,703/month"],
    [0.3, "no change in the monthly estimate"],
  ])("formats %d as %s", (delta, text) => expect(formatUsdDelta(delta)).toBe(text));
});
