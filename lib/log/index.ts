import { randomUUID } from "node:crypto";

// Structured JSON logs, one object per line. Secrets never go in: callers pass ids and
// codes, never request bodies or parameter values.
type Level = "debug" | "info" | "warn" | "error";

export function log(level: Level, event: string, fields: Record<string, unknown> = {}): void {
  const line = JSON.stringify({ time: new Date().toISOString(), level, event, ...fields });
  if (level === "error" || level === "warn") console.error(line);
  else console.log(line);
}

/** Logs an unexpected error and returns the id to show the user instead of its message. */
export function logUnexpected(error: unknown, context: Record<string, unknown> = {}): string {
  const eventId = randomUUID().slice(0, 8);
  log("error", "unexpected_error", {
    eventId,
    ...context,
    error: error instanceof Error ? { name: error.name, message: error.message, stack: error.stack } : String(error),
  });
  return eventId;
}
