import bcrypt from "bcryptjs";
import { describe, expect, it } from "vitest";
import { hashPassword, needsRehash, verifyPassword } from "./password";

describe("password hashing", () => {
  it("hashes with scrypt and verifies the right password only", async () => {
    const hash = await hashPassword("correct horse");
    expect(hash).toMatch(/^\$scrypt\$ln=15,r=8,p=1\$/);
    expect(await verifyPassword("correct horse", hash)).toBe(true);
    expect(await verifyPassword("correct hors", hash)).toBe(false);
    expect(needsRehash(hash)).toBe(false);
  });

  it("still verifies a bcrypt hash, and marks it for replacement", async () => {
    const legacy = await bcrypt.hash("old secret", 4);
    expect(await verifyPassword("old secret", legacy)).toBe(true);
    expect(await verifyPassword("other", legacy)).toBe(false);
    expect(needsRehash(legacy)).toBe(true);
  });

  it("refuses a missing hash even when the dummy comparison runs", async () => {
    expect(await verifyPassword("anything", null)).toBe(false);
    expect(await verifyPassword("anything", "$scrypt$ln=40,r=8,p=1$AA$AA")).toBe(false);
  });

  it("runs off the event loop: timers keep firing while checks are under way", async () => {
    // M5: bcryptjs ran each check as JavaScript on the main thread, in ~100 ms slices.
    const hash = await hashPassword("pw");
    let last = performance.now();
    let maxGap = 0;
    const timer = setInterval(() => {
      const now = performance.now();
      maxGap = Math.max(maxGap, now - last);
      last = now;
    }, 2);
    await Promise.all([verifyPassword("pw", hash), verifyPassword("x", hash), verifyPassword("y", hash)]);
    clearInterval(timer);
    // bcryptjs: 327 ms measured here (its three checks' ~100 ms slices run back to back); scrypt: a few ms.
    expect(maxGap).toBeLessThan(200);
  });
});
