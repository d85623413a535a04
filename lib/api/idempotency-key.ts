import { createHash } from "node:crypto";
import { sortKeys } from "../json";

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
