import { AsyncLocalStorage } from "node:async_hooks";
import { randomUUID } from "node:crypto";
import { CloudError } from "../cloud/errors";

// Structured JSON logs, one object per line. Secrets never go in: callers pass ids and
// codes, never request bodies, parameter values or configuration values.
type Level = "debug" | "info" | "warn" | "error";

export interface LogContext {
  /** The request's id (x-request-id), or `worker:<id>` for the background worker. */
  requestId: string;
}

/** The id on lines logged outside any request or worker context (start-up, scripts). */
export const SYSTEM_REQUEST_ID = "system";

// Next bundles this module into several server chunks (proxy, instrumentation, routes); one
// storage per process keeps a context set in one chunk visible to a log() call in another.
const STORAGE_KEY = Symbol.for("stackport.log.context");
const globalStore = globalThis as typeof globalThis & { [STORAGE_KEY]?: AsyncLocalStorage<LogContext> };
const storage = (globalStore[STORAGE_KEY] ??= new AsyncLocalStorage<LogContext>());

/** Runs fn with every log line inside it (including awaited work and timers it starts) carrying the context's request id. */
export function withLogContext<T>(context: LogContext, fn: () => T): T {
  return storage.run(context, fn);
}

export function currentRequestId(): string {
  return storage.getStore()?.requestId ?? SYSTEM_REQUEST_ID;
}

const SAFE_REQUEST_ID = /^[A-Za-z0-9_-]{1,64}$/;

/** An incoming x-request-id is kept only if it is short and plain; otherwise a new one is made. */
export function requestIdFrom(incoming: string | null | undefined): string {
  return incoming && SAFE_REQUEST_ID.test(incoming) ? incoming : randomUUID();
}

export function log(level: Level, event: string, fields: Record<string, unknown> = {}): void {
  const line = JSON.stringify({ time: new Date().toISOString(), level, event, requestId: currentRequestId(), ...fields });
  if (level === "error" || level === "warn") console.error(line);
  else console.log(line);
}

/** Logs an unexpected error and returns the id to show the user instead of its message. */
export function logUnexpected(error: unknown, context: Record<string, unknown> = {}): string {
  const eventId = randomUUID().slice(0, 8);
  log("error", "unexpected_error", { eventId, ...context, error: describeError(error) });
  return eventId;
}

/**
 * Logs an error from the background worker's pass. CloudFormation throttled or unreachable is
 * expected from time to time and the next pass tries again: a warning naming the reason, not an
 * unexpected error with a stack trace.
 */
export function logWorkerError(error: unknown, context: Record<string, unknown> = {}): void {
  if (error instanceof CloudError && error.transient) {
    log("warn", "cloudformation_retry_later", { ...context, reason: error.reason, code: error.code, message: error.message });
    return;
  }
  logUnexpected(error, context);
}

/** An error as loggable fields: name, message and stack only (never its enumerable properties, which may carry request data). */
export function describeError(error: unknown): Record<string, unknown> | string {
  return error instanceof Error ? { name: error.name, message: error.message, stack: error.stack } : String(error);
}
