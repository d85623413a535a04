import { describe, expect, it } from "vitest";
import { cachedCredentials, REFRESH_BEFORE_MS, type RoleSession } from "./credentials";

const HOUR = 3_600_000;

function fakeSts(start: number) {
  let clock = start;
  let issued = 0;
  const assume = async (): Promise<RoleSession> => {
    issued++;
    return {
      assumedRoleArn: "arn:aws:sts::111111111111:assumed-role/Deployer/stackport",
      credentials: { accessKeyId: `ASIA${issued}`, secretAccessKey: "s", sessionToken: "t", expiration: new Date(clock + HOUR) },
    };
  };
  return { assume, now: () => clock, advance: (ms: number) => (clock += ms), issued: () => issued };
}

describe("cachedCredentials", () => {
  it("assumes the role once for many concurrent calls and reuses the session while it is fresh", async () => {
    const sts = fakeSts(0);
    const provider = cachedCredentials(sts.assume, sts.now);
    const all = await Promise.all(Array.from({ length: 20 }, () => provider()));
    expect(new Set(all.map((c) => c.accessKeyId))).toEqual(new Set(["ASIA1"]));
    sts.advance(HOUR - REFRESH_BEFORE_MS - 1000);
    expect((await provider()).accessKeyId).toBe("ASIA1");
    expect(sts.issued()).toBe(1);
  });

  it("assumes again before the session expires", async () => {
    const sts = fakeSts(0);
    const provider = cachedCredentials(sts.assume, sts.now);
    await provider();
    sts.advance(HOUR - REFRESH_BEFORE_MS + 1000);
    expect((await provider()).accessKeyId).toBe("ASIA2");
  });

  it("does not cache a failed AssumeRole: the next call tries again", async () => {
    let fail = true;
    const sts = fakeSts(0);
    const provider = cachedCredentials(async () => {
      if (fail) throw Object.assign(new Error("not authorized to perform sts:AssumeRole"), { name: "AccessDenied" });
      return sts.assume();
    }, sts.now);
    await expect(provider()).rejects.toThrow(/AssumeRole/);
    fail = false;
    expect((await provider()).accessKeyId).toBe("ASIA1");
  });
});
