import { describe, expect, it } from "vitest";
import { formatIn, isTimeZone, isWindowOpen, nextWindow, scheduleSentence, type MaintenanceWindow } from "./window";

const sydney = (over: Partial<MaintenanceWindow> = {}): MaintenanceWindow => ({
  day: "sunday",
  start: "02:00",
  durationMinutes: 240,
  timeZone: "Australia/Sydney",
  ...over,
});
const at = (iso: string) => new Date(iso);
const span = (w: MaintenanceWindow, now: string) => {
  const { start, end } = nextWindow(w, at(now));
  return [start.toISOString(), end.toISOString()];
};

describe("next maintenance window", () => {
  it.each([
    // [case, window, now, expected start, expected end]
    [
      "the coming Sunday, in summer time (AEDT, UTC+11)",
      sydney(),
      "2026-12-02T00:00:00Z",
      "2026-12-05T15:00:00.000Z",
      "2026-12-05T19:00:00.000Z",
    ],
    [
      "the coming Sunday, in standard time (AEST, UTC+10)",
      sydney(),
      "2026-06-10T00:00:00Z",
      "2026-06-13T16:00:00.000Z",
      "2026-06-13T20:00:00.000Z",
    ],
    ["the window open now", sydney(), "2026-12-05T17:00:00Z", "2026-12-05T15:00:00.000Z", "2026-12-05T19:00:00.000Z"],
    ["the next week's, just after one closed", sydney(), "2026-12-05T19:00:00Z", "2026-12-12T15:00:00.000Z", "2026-12-12T19:00:00.000Z"],
    ["a start exactly now is open", sydney(), "2026-12-05T15:00:00Z", "2026-12-05T15:00:00.000Z", "2026-12-05T19:00:00.000Z"],
    // Spanning midnight: Saturday 22:00 for 4 hours ends Sunday 02:00, and is still open at Sunday 01:00.
    [
      "spanning midnight, before it",
      sydney({ day: "saturday", start: "22:00" }),
      "2026-12-05T10:00:00Z",
      "2026-12-05T11:00:00.000Z",
      "2026-12-05T15:00:00.000Z",
    ],
    [
      "spanning midnight, open after midnight",
      sydney({ day: "saturday", start: "22:00" }),
      "2026-12-05T14:00:00Z",
      "2026-12-05T11:00:00.000Z",
      "2026-12-05T15:00:00.000Z",
    ],
    [
      "spanning midnight, on the week's edge (Sunday 23:00 → Monday)",
      { day: "sunday", start: "23:00", durationMinutes: 120, timeZone: "UTC" } as MaintenanceWindow,
      "2026-12-07T00:30:00Z",
      "2026-12-06T23:00:00.000Z",
      "2026-12-07T01:00:00.000Z",
    ],
    // Sydney leaves daylight saving on Sunday 5 April 2026: 03:00 AEDT becomes 02:00 AEST, so 02:30 happens twice.
    [
      "fall-back: a start in the repeated hour opens at its first occurrence (AEDT)",
      sydney({ start: "02:30" }),
      "2026-04-01T00:00:00Z",
      "2026-04-04T15:30:00.000Z",
      "2026-04-04T19:30:00.000Z",
    ],
    [
      "fall-back: 02:00 the day the clocks go back is still 02:00 AEDT",
      sydney(),
      "2026-04-01T00:00:00Z",
      "2026-04-04T15:00:00.000Z",
      "2026-04-04T19:00:00.000Z",
    ],
    ["fall-back: the Sunday after is in AEST", sydney(), "2026-04-05T20:00:00Z", "2026-04-11T16:00:00.000Z", "2026-04-11T20:00:00.000Z"],
    // Sydney enters daylight saving on Sunday 4 October 2026: 02:00 AEST jumps to 03:00 AEDT, so 02:00–02:59 never happen.
    [
      "spring-forward: a 02:00 start opens when the clocks jump (03:00 AEDT)",
      sydney(),
      "2026-10-01T00:00:00Z",
      "2026-10-03T16:00:00.000Z",
      "2026-10-03T20:00:00.000Z",
    ],
    [
      "spring-forward: a 02:30 start in the gap opens at 03:30 AEDT",
      sydney({ start: "02:30" }),
      "2026-10-01T00:00:00Z",
      "2026-10-03T16:30:00.000Z",
      "2026-10-03T20:30:00.000Z",
    ],
    [
      "spring-forward: the Sunday before is in AEST",
      sydney(),
      "2026-09-24T00:00:00Z",
      "2026-09-26T16:00:00.000Z",
      "2026-09-26T20:00:00.000Z",
    ],
    [
      "spring-forward: 01:00 that morning is unaffected (AEST)",
      sydney({ start: "01:00", durationMinutes: 180 }),
      "2026-10-01T00:00:00Z",
      "2026-10-03T15:00:00.000Z",
      "2026-10-03T18:00:00.000Z",
    ],
  ])("%s", (_case, window, now, start, end) => {
    expect(span(window, now)).toEqual([start, end]);
  });

  it("says whether a window is open at an instant", () => {
    expect(isWindowOpen(sydney(), at("2026-12-05T15:00:00Z"))).toBe(true);
    expect(isWindowOpen(sydney(), at("2026-12-05T18:59:59Z"))).toBe(true);
    expect(isWindowOpen(sydney(), at("2026-12-05T19:00:00Z"))).toBe(false);
    expect(isWindowOpen(sydney(), at("2026-12-05T14:59:59Z"))).toBe(false);
  });

  it("reads as the request page shows it, in the window's zone", () => {
    expect(scheduleSentence(at("2026-12-06T15:00:00Z"), "Australia/Sydney", at("2026-12-02T00:00:00Z"))).toBe(
      "Scheduled for Mon 7 Dec, 02:00 AEDT (in 5 days)",
    );
    expect(formatIn(at("2026-12-02T03:00:00Z"), at("2026-12-02T00:00:00Z"))).toBe("in 3 hours");
    expect(formatIn(at("2026-12-02T00:20:00Z"), at("2026-12-02T00:00:00Z"))).toBe("in 20 minutes");
  });

  it("knows an IANA zone from a typo", () => {
    expect(isTimeZone("Australia/Sydney")).toBe(true);
    expect(isTimeZone("Australia/Sidney")).toBe(false);
  });
});
