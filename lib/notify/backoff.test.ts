import { describe, expect, it } from "vitest";
import { afterAttempt, backoffMs, BACKOFF_CAP_MS } from "./backoff";

const middle = () => 0.5; // no jitter

describe("webhook retry backoff", () => {
  it.each([
    [1, 30_000],
    [2, 120_000],
    [3, 480_000],
    [4, 1_920_000],
    [5, 7_680_000],
    [6, BACKOFF_CAP_MS],
    [20, BACKOFF_CAP_MS],
  ])("after failed attempt %i waits %i ms", (attempt, expected) => {
    expect(backoffMs(attempt, 30_000, middle)).toBe(expected);
  });

  it("spreads retries by ±20 %", () => {
    expect(backoffMs(2, 30_000, () => 0)).toBe(96_000);
    expect(backoffMs(2, 30_000, () => 1)).toBe(144_000);
  });

  it.each([
    ["a 2xx", { ok: true, attempts: 8 }, { status: "DELIVERED" }],
    ["a first failure", { ok: false, attempts: 1 }, { status: "PENDING", retryInMs: 30_000 }],
    ["the last allowed failure", { ok: false, attempts: 7 }, { status: "PENDING", retryInMs: BACKOFF_CAP_MS }],
    ["running out of attempts", { ok: false, attempts: 8 }, { status: "FAILED" }],
  ])("after %s", (_name, input, expected) => {
    expect(afterAttempt({ ...input, maxAttempts: 8, baseMs: 30_000, random: middle })).toEqual(expected);
  });
});
