import { createHash } from "node:crypto";

// Idempotency-Key rules that need no database. Pure.

/** How long a key's first answer is kept for replays. */
export const IDEMPOTENCY_TTL_MS = 24 * 3600 * 1000;

/** 1–255 visible ASCII characters (a UUID is the usual choice). */
export function isValidIdempotencyKey(key: string): boolean {
  return /^[\x21-\x7e]{1,255}$/.test(key);
}

/**
 * What "the same request" means for a key: the same method, path and body. The body is compared
 * as parsed JSON with sorted keys, so whitespace and key order do not make two bodies differ.
 */
export function requestFingerprint(method: string, path: string, body: unknown): string {
  return createHash("sha256")
    .update(`${method.toUpperCase()} ${path}\n`)
    .update(JSON.stringify(sortKeys(body ?? null)))
    .digest("hex");
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value && typeof value === "object") {
    return Object.fromEntries(
      Object.keys(value)
        .sort()
        .map((k) => [k, sortKeys((value as Record<string, unknown>)[k])]),
    );
  }
  return value;
}
