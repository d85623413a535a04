// Retries: attempt n (1-based) that failed waits base × 4^(n-1) — 30 s, 2 min, 8 min, 32 min,
// about 2 h … with the default base — capped at six hours, then ±20 % jitter so endpoints that
// failed together do not all come back in the same second.
export const BACKOFF_FACTOR = 4;
export const BACKOFF_CAP_MS = 6 * 60 * 60 * 1000;
const JITTER = 0.2;

export function backoffMs(failedAttempt: number, baseMs: number, random: () => number = Math.random): number {
  const exponent = Math.max(0, failedAttempt - 1);
  const plain = Math.min(BACKOFF_CAP_MS, baseMs * BACKOFF_FACTOR ** exponent);
  return Math.round(plain * (1 - JITTER + 2 * JITTER * random()));
}

export type AttemptOutcome = { status: "DELIVERED" } | { status: "PENDING"; retryInMs: number } | { status: "FAILED" };

/** After attempt number `attempts` (1-based): delivered, try again later, or give up. */
export function afterAttempt(input: {
  ok: boolean;
  attempts: number;
  maxAttempts: number;
  baseMs: number;
  random?: () => number;
}): AttemptOutcome {
  if (input.ok) return { status: "DELIVERED" };
  if (input.attempts >= input.maxAttempts) return { status: "FAILED" };
  return { status: "PENDING", retryInMs: backoffMs(input.attempts, input.baseMs, input.random) };
}
