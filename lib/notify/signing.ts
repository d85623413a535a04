import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";

// What is signed: `${timestamp}.${body}` — the X-Stackport-Timestamp header (Unix seconds), a
// dot, and the exact bytes of the request body. Covering the timestamp lets a receiver refuse a
// captured request replayed later; covering the raw body means it must verify before parsing.

export const SIGNATURE_PREFIX = "sha256=";

export function hmacSha256Hex(secret: string, message: string): string {
  return createHmac("sha256", secret).update(message, "utf8").digest("hex");
}

/** The X-Stackport-Signature value for a body sent at `timestamp` (Unix seconds). */
export function signatureFor(secret: string, timestamp: number, body: string): string {
  return SIGNATURE_PREFIX + hmacSha256Hex(secret, `${timestamp}.${body}`);
}

/**
 * What a receiver does: recompute, compare in constant time, and refuse a timestamp more than
 * `toleranceSeconds` away from its own clock.
 */
export function verifySignature(input: {
  secret: string;
  timestamp: string | number;
  body: string;
  signature: string;
  toleranceSeconds?: number;
  nowSeconds?: number;
}): boolean {
  const timestamp = Number(input.timestamp);
  if (!Number.isInteger(timestamp)) return false;
  const now = input.nowSeconds ?? Math.floor(Date.now() / 1000);
  if (Math.abs(now - timestamp) > (input.toleranceSeconds ?? 300)) return false;
  const expected = Buffer.from(signatureFor(input.secret, timestamp, input.body));
  const given = Buffer.from(input.signature);
  return expected.length === given.length && timingSafeEqual(expected, given);
}

/** A new endpoint secret: 32 random bytes, prefixed so it is recognisable in a secret store. */
export function newWebhookSecret(): string {
  return `whsec_${randomBytes(32).toString("base64url")}`;
}
