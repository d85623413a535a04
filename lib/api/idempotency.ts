import "server-only";
import { db } from "../db";
import { isUniqueViolation } from "../db/errors";
import { IDEMPOTENCY_TTL_MS } from "./idempotency-key";

// The Idempotency-Key store. The first request with a key reserves it (a unique row per account
// and key) before acting, so a retry that arrives while the first is still running cannot act a
// second time; the first answer is then stored and replayed to every retry with the same body.

export type Reservation =
  | { kind: "new"; id: string }
  | { kind: "replay"; status: number; body: string | null; headers: Record<string, string> }
  | { kind: "mismatch" }
  | { kind: "in-progress" };

export async function reserveIdempotencyKey(
  userId: string,
  key: string,
  fingerprint: string,
  request: { method: string; path: string },
  now = new Date(),
): Promise<Reservation> {
  // A key past its time may be used again; old records go as they are met.
  await db.idempotencyRecord.deleteMany({ where: { userId, expiresAt: { lt: now } } });
  try {
    const row = await db.idempotencyRecord.create({
      data: { userId, key, requestHash: fingerprint, ...request, expiresAt: new Date(now.getTime() + IDEMPOTENCY_TTL_MS) },
    });
    return { kind: "new", id: row.id };
  } catch (error) {
    if (!isUniqueViolation(error)) throw error;
  }
  const existing = await db.idempotencyRecord.findUnique({ where: { userId_key: { userId, key } } });
  if (!existing) return { kind: "in-progress" }; // abandoned between the two reads: the client retries
  if (existing.requestHash !== fingerprint) return { kind: "mismatch" };
  if (existing.status === null) return { kind: "in-progress" };
  return {
    kind: "replay",
    status: existing.status,
    body: existing.body,
    headers: existing.headers ? (JSON.parse(existing.headers) as Record<string, string>) : {},
  };
}

export async function completeIdempotencyKey(
  id: string,
  response: { status: number; body: string | null; headers: Record<string, string> },
) {
  await db.idempotencyRecord.update({
    where: { id },
    data: { status: response.status, body: response.body, headers: JSON.stringify(response.headers) },
  });
}

/** After an unexpected failure nothing is promised: the key is freed so the client may retry. */
export async function releaseIdempotencyKey(id: string) {
  await db.idempotencyRecord.deleteMany({ where: { id, status: null } });
}
