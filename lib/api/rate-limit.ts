import { RateLimiterMemory, RateLimiterRes } from "rate-limiter-flexible";

// Per-token request budgets (per person for cookie sessions), counted in this process: with several
// portal instances behind a load balancer each keeps its own count, so the budget is per instance.

export interface RateDecision {
  allowed: boolean;
  headers: Record<string, string>;
}

export interface RateLimiter {
  consume(key: string): Promise<RateDecision>;
}

export function createRateLimiter({ points, windowSeconds }: { points: number; windowSeconds: number }): RateLimiter {
  const limiter = new RateLimiterMemory({ points, duration: windowSeconds });
  const headers = (res: RateLimiterRes) => {
    const reset = Math.max(1, Math.ceil(res.msBeforeNext / 1000));
    return {
      // draft-ietf-httpapi-ratelimit-headers: the policy, and what is left of it.
      "RateLimit-Policy": `${points};w=${windowSeconds}`,
      "RateLimit-Limit": String(points),
      "RateLimit-Remaining": String(Math.max(0, res.remainingPoints)),
      "RateLimit-Reset": String(reset),
    };
  };
  return {
    async consume(key) {
      try {
        return { allowed: true, headers: headers(await limiter.consume(key)) };
      } catch (rejected) {
        if (!(rejected instanceof RateLimiterRes)) throw rejected;
        const h = headers(rejected);
        return { allowed: false, headers: { ...h, "Retry-After": h["RateLimit-Reset"] } };
      }
    },
  };
}
