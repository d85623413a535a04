import { describe, expect, it } from "vitest";
import { Unknown } from "../template/intrinsics";
import { applyOverrides, changedProperties, propertyDifferences } from "./diff";

describe("changedProperties", () => {
  it("compares scalars by string form and counts Unknown as a change", () => {
    expect(changedProperties({ Port: 80, A: [1, 2], B: { c: true } }, { Port: "80", A: ["1", "2"], B: { c: "true" } })).toEqual([]);
    expect(changedProperties({ A: "x", B: "y" }, { A: "x", C: "z" })).toEqual(["B", "C"]);
    expect(changedProperties({ A: "x" }, { A: new Unknown("Sg") })).toEqual(["A"]);
  });
});

describe("drift helpers", () => {
  const expected = { InstanceType: "t3.small", Tags: [{ Key: "a", Value: "1" }], Extra: "x" };
  it("applies JSON-pointer overrides and reports leaf differences", () => {
    const actual = applyOverrides(expected, {
      "/InstanceType": "t3.large",
      "/Tags/0/Value": "2",
      "/Extra": { __removed: true },
      "/New": 5,
    });
    expect(actual).toEqual({ InstanceType: "t3.large", Tags: [{ Key: "a", Value: "2" }], New: 5 });
    expect(expected.InstanceType).toBe("t3.small"); // the expected copy is untouched
    expect(propertyDifferences(expected, actual)).toEqual([
      { PropertyPath: "/InstanceType", ExpectedValue: "t3.small", ActualValue: "t3.large", DifferenceType: "NOT_EQUAL" },
      { PropertyPath: "/Tags/0/Value", ExpectedValue: "1", ActualValue: "2", DifferenceType: "NOT_EQUAL" },
      { PropertyPath: "/Extra", ExpectedValue: "x", ActualValue: "", DifferenceType: "REMOVE" },
      { PropertyPath: "/New", ExpectedValue: "", ActualValue: "5", DifferenceType: "ADD" },
    ]);
  });
});
