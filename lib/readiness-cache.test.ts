import { describe, expect, it } from "vitest";
import { cachedProbe } from "./readiness-cache";

describe("cachedProbe", () => {
  // L4: every anonymous GET /api/ready made its own CloudFormation call.
  it("makes one probe for 100 concurrent callers, and a new one after the time to live", async () => {
    let calls = 0;
    let clock = 0;
    const probe = cachedProbe(
      async () => {
        calls++;
        return { ready: true };
      },
      5000,
      () => clock,
    );
    await Promise.all(Array.from({ length: 100 }, () => probe()));
    expect(calls).toBe(1);
    clock = 4999;
    await probe();
    expect(calls).toBe(1);
    clock = 5000;
    await probe();
    expect(calls).toBe(2);
  });

  it("does not keep a probe that threw", async () => {
    let calls = 0;
    const probe = cachedProbe(async () => {
      calls++;
      throw new Error("down");
    }, 5000);
    await expect(probe()).rejects.toThrow("down");
    await expect(probe()).rejects.toThrow("down");
    expect(calls).toBe(2);
  });
});
