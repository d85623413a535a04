// The readiness probe's answer, kept a few seconds and shared by concurrent callers: /api/ready
// is unauthenticated, and each probe is a CloudFormation call counted against the account's API
// limits (which the tracker needs), so a flood of probes must not become a flood of calls (L4).
export function cachedProbe<T>(probe: () => Promise<T>, ttlMs: number, now: () => number = Date.now): () => Promise<T> {
  let entry: { at: number; value: Promise<T> } | undefined;
  return () => {
    const t = now();
    if (!entry || t - entry.at >= ttlMs) {
      const value = probe();
      entry = { at: t, value };
      // A probe that throws is not kept: the next caller tries again.
      value.catch(() => {
        if (entry?.value === value) entry = undefined;
      });
    }
    return entry.value;
  };
}
