// Weekly maintenance windows: when the next one opens, whether one is open, and how a scheduled
// start reads ("Sun 7 Dec, 02:00 AEDT (in 5 days)"). Pure, with the instant passed in (no clock).
//
// Time zones come from Intl (ICU's tz database, which Node ships and updates): a window is a local
// wall-clock time in an IANA zone, turned into an instant per week. Daylight saving follows
// Temporal's "compatible" rule: a start inside the spring-forward gap (02:30 on the morning clocks
// jump 02:00 → 03:00) opens at the first instant after the gap, a start in the repeated hour
// of the fall-back opens at its first occurrence. The duration is elapsed time, so a 4-hour window
// is 4 hours long even across a transition.

export const WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"] as const;
export type Weekday = (typeof WEEKDAYS)[number];

export interface MaintenanceWindow {
  day: Weekday;
  /** HH:MM, 24-hour, local to timeZone. */
  start: string;
  durationMinutes: number;
  /** IANA zone, e.g. Australia/Sydney. */
  timeZone: string;
}

export interface WindowSpan {
  start: Date;
  end: Date;
}

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;

const formatters = new Map<string, Intl.DateTimeFormat>();
function partsFormatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat("en-US", {
      timeZone,
      hourCycle: "h23",
      year: "numeric",
      month: "numeric",
      day: "numeric",
      hour: "numeric",
      minute: "numeric",
      second: "numeric",
    });
    formatters.set(timeZone, f);
  }
  return f;
}

export function isTimeZone(zone: string): boolean {
  try {
    partsFormatter(zone);
    return true;
  } catch {
    return false;
  }
}

/** The zone's wall clock at an instant, as the epoch milliseconds of that wall time read as UTC. */
function wallClock(instant: number, timeZone: string): number {
  const parts = Object.fromEntries(
    partsFormatter(timeZone)
      .formatToParts(new Date(instant))
      .map((p) => [p.type, p.value]),
  );
  return Date.UTC(
    Number(parts.year),
    Number(parts.month) - 1,
    Number(parts.day),
    Number(parts.hour),
    Number(parts.minute),
    Number(parts.second),
  );
}

/** The zone's offset from UTC at an instant, in milliseconds. */
function offsetAt(instant: number, timeZone: string): number {
  return wallClock(Math.floor(instant / 1000) * 1000, timeZone) - Math.floor(instant / 1000) * 1000;
}

/** The instant a local wall time (given as UTC-read milliseconds) happens in the zone, by the "compatible" rule. */
function instantOf(wall: number, timeZone: string): number {
  // The offsets a day either side bracket any transition near this wall time.
  const before = offsetAt(wall - DAY, timeZone);
  const after = offsetAt(wall + DAY, timeZone);
  const candidates = [...new Set([before, after])].map((o) => wall - o).filter((t) => wallClock(t, timeZone) === wall);
  if (candidates.length > 0) return Math.min(...candidates); // the repeated hour: its first occurrence
  // The gap: the wall time never happens; open when the clocks have jumped, shifted by the gap's size.
  return wall - before;
}

function parseStart(start: string): { hour: number; minute: number } {
  const m = /^([01]\d|2[0-3]):([0-5]\d)$/.exec(start);
  if (!m) throw new RangeError(`window start "${start}" is not HH:MM`);
  return { hour: Number(m[1]), minute: Number(m[2]) };
}

/** The window open at `now`, or else the next one to open. */
export function nextWindow(window: MaintenanceWindow, now: Date): WindowSpan {
  const { hour, minute } = parseStart(window.start);
  const target = WEEKDAYS.indexOf(window.day);
  const today = wallClock(now.getTime(), window.timeZone);
  const midnight = today - (today % DAY);
  // From the week before (a window that opened then may still be open, e.g. one spanning midnight) to 8 days on.
  for (let d = -7; d <= 8; d++) {
    const date = midnight + d * DAY;
    const weekday = (new Date(date).getUTCDay() + 6) % 7; // Monday = 0
    if (weekday !== target) continue;
    const start = instantOf(date + hour * 60 * MINUTE + minute * MINUTE, window.timeZone);
    const end = start + window.durationMinutes * MINUTE;
    if (end > now.getTime()) return { start: new Date(start), end: new Date(end) };
  }
  throw new RangeError("no maintenance window found within a week");
}

export function isWindowOpen(window: MaintenanceWindow, now: Date): boolean {
  return nextWindow(window, now).start.getTime() <= now.getTime();
}

/** "Sun 7 Dec, 02:00 AEDT" in the window's zone. */
export function formatWindowStart(start: Date, timeZone: string): string {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat("en-AU", {
      timeZone,
      weekday: "short",
      day: "numeric",
      month: "short",
      hour: "2-digit",
      minute: "2-digit",
      hourCycle: "h23",
      timeZoneName: "short",
    })
      .formatToParts(start)
      .map((p) => [p.type, p.value]),
  );
  return `${parts.weekday} ${parts.day} ${parts.month}, ${parts.hour}:${parts.minute} ${parts.timeZoneName}`;
}

/** "in 5 days", "in 3 hours", "in 20 minutes", "now". */
export function formatIn(start: Date, now: Date): string {
  const ms = start.getTime() - now.getTime();
  if (ms <= 0) return "now";
  const unit = (n: number, word: string) => `in ${n} ${word}${n === 1 ? "" : "s"}`;
  if (ms >= 36 * 60 * MINUTE) return unit(Math.round(ms / DAY), "day");
  if (ms >= 90 * MINUTE) return unit(Math.round(ms / (60 * MINUTE)), "hour");
  return unit(Math.max(1, Math.round(ms / MINUTE)), "minute");
}

/** "Scheduled for Sun 7 Dec, 02:00 AEDT (in 5 days)". */
export function scheduleSentence(start: Date, timeZone: string, now: Date): string {
  return `Scheduled for ${formatWindowStart(start, timeZone)} (${formatIn(start, now)})`;
}
