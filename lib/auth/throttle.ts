import "server-only";
import { sqltag as sql } from "@prisma/client/runtime/client";
import type { Tx } from "../db";

// Failed sign-ins are counted per account and per address. An attempt is reserved (counted)
// atomically *before* its password is checked, so concurrent guesses cannot all pass a
// check-then-act lock: the (max+1)th reservation within the window is refused. A success
// clears the account's count and gives the address's reservation back.

export interface ThrottleSettings {
  maxFailures: (key: string) => number;
  lockMinutes: number;
}

export const accountKey = (email: string) => `account:${email.toLowerCase()}`;
export const addressKey = (address: string) => `ip:${address}`;

/** Minutes until the first locked key unlocks, or 0 when none is locked. */
export async function lockedMinutes(tx: Tx, keys: string[], now = new Date()): Promise<number> {
  const rows = await tx.signInThrottle.findMany({ where: { key: { in: keys } } });
  const until = rows.map((r) => r.lockedUntil?.getTime() ?? 0).filter((t) => t > now.getTime());
  return until.length ? Math.ceil((Math.max(...until) - now.getTime()) / 60_000) : 0;
}

/**
 * Counts one attempt against each key in a single atomic statement per key (an upsert that
 * increments and returns), and locks a key once its count reaches its maximum. Returns the
 * minutes until the attempt may be retried: 0 when it may go on to the password check.
 */
export async function reserveAttempt(tx: Tx, keys: string[], settings: ThrottleSettings, now = new Date()): Promise<number> {
  const windowMs = settings.lockMinutes * 60_000;
  const cutoff = new Date(now.getTime() - windowMs);
  const lockUntil = new Date(now.getTime() + windowMs);
  let refused = false;
  for (const key of keys) {
    // The window starts again only when it has passed and no lock is still running.
    const expired = sql`("SignInThrottle"."windowStart" < ${cutoff} AND ("SignInThrottle"."lockedUntil" IS NULL OR "SignInThrottle"."lockedUntil" < ${now}))`;
    const rows = await tx.$queryRaw<{ failures: number | bigint }[]>`
      INSERT INTO "SignInThrottle" ("key", "failures", "windowStart", "lockedUntil") VALUES (${key}, 1, ${now}, NULL)
      ON CONFLICT ("key") DO UPDATE SET
        "failures" = CASE WHEN ${expired} THEN 1 ELSE "SignInThrottle"."failures" + 1 END,
        "windowStart" = CASE WHEN ${expired} THEN ${now} ELSE "SignInThrottle"."windowStart" END,
        "lockedUntil" = CASE WHEN ${expired} THEN NULL ELSE "SignInThrottle"."lockedUntil" END
      RETURNING "failures"`;
    const failures = Number(rows[0]?.failures ?? 0);
    const max = settings.maxFailures(key);
    if (failures >= max) await tx.signInThrottle.updateMany({ where: { key, lockedUntil: null }, data: { lockedUntil: lockUntil } });
    if (failures > max) refused = true;
  }
  if (!refused) return 0;
  return Math.max(1, await lockedMinutes(tx, keys, now));
}

/** A successful sign-in: the account starts afresh, and the address gets its reservation back. */
export async function releaseAfterSuccess(tx: Tx, account: string, address: string | null): Promise<void> {
  await tx.signInThrottle.deleteMany({ where: { key: account } });
  if (address) await tx.signInThrottle.updateMany({ where: { key: address, failures: { gt: 0 } }, data: { failures: { decrement: 1 } } });
}

/** Deletes counters whose window and lock have both passed (they would start afresh anyway). */
export async function pruneThrottle(tx: Tx, lockMinutes: number, now = new Date()): Promise<number> {
  const cutoff = new Date(now.getTime() - lockMinutes * 60_000);
  const { count } = await tx.signInThrottle.deleteMany({
    where: { windowStart: { lt: cutoff }, OR: [{ lockedUntil: null }, { lockedUntil: { lt: now } }] },
  });
  return count;
}
