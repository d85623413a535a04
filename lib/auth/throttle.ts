import "server-only";
import type { Tx } from "../db";

// Failed sign-ins are counted per account and per address. After `maxFailures` within
// the lock window the key is locked for that window; a success clears the account's count.

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

export async function recordFailure(tx: Tx, keys: string[], settings: ThrottleSettings, now = new Date()): Promise<void> {
  const windowMs = settings.lockMinutes * 60_000;
  for (const key of keys) {
    const row = await tx.signInThrottle.findUnique({ where: { key } });
    const fresh = !row || now.getTime() - row.windowStart.getTime() > windowMs;
    const failures = fresh ? 1 : row.failures + 1;
    const lockedUntil = failures >= settings.maxFailures(key) ? new Date(now.getTime() + windowMs) : null;
    await tx.signInThrottle.upsert({
      where: { key },
      create: { key, failures, windowStart: now, lockedUntil },
      update: { failures, windowStart: fresh ? now : row.windowStart, lockedUntil },
    });
  }
}

export async function clearFailures(tx: Tx, key: string): Promise<void> {
  await tx.signInThrottle.deleteMany({ where: { key } });
}
