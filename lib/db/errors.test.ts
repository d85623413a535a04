import { describe, expect, it } from "vitest";
import { isUniqueViolation } from "./errors";

describe("isUniqueViolation", () => {
  it.each([
    [{ code: "P2002", meta: { target: ["slug"] } }, true],
    [{ code: "P2025" }, false],
    [new Error("P2002"), false],
    [null, false],
    ["P2002", false],
  ])("%j → %s", (error, expected) => {
    expect(isUniqueViolation(error)).toBe(expected);
  });
});
