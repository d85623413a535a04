import { describe, expect, it } from "vitest";
import { formatDateTime, formatUsd } from "./format";

describe("formatUsd", () => {
  it.each([
    [0, {}, "$0"],
    [1234.4, {}, "$1,234"],
    [1234.5, {}, "$1,235"],
    [-987654.2, {}, "-$987,654"],
    [250, { signed: true }, "+$250"],
    [-1200, { signed: true }, "-$1,200"],
    [0, { signed: true }, "$0"],
  ] as const)("%s %o → %s", (amount, options, text) => {
    expect(formatUsd(amount, options)).toBe(text);
  });
});

describe("formatDateTime", () => {
  it("labels a UTC time the same for a Date and its ISO text", () => {
    const at = "2026-11-27T13:05:00.000Z";
    expect(formatDateTime(at)).toBe(formatDateTime(new Date(at)));
    expect(formatDateTime(at)).toMatch(/^27 Nov 2026, 1:05 pm UTC$/);
  });
});
