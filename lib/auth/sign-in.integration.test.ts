import { afterAll, describe, expect, it } from "vitest";
import { db } from "../db";
import { hashPassword } from "./password";
import bcrypt from "bcryptjs";
import { resetEnv } from "../env";
import { signInWithPassword, type SignInError } from "./sign-in";
import { pruneThrottle } from "./throttle";
import { recordSignOut } from "./sign-out";
import { signInWithSso } from "./sso";
import { uniqueEmail } from "../../test/support/db";

async function makeUser(role = "ENGINEER", extra: { disabled?: boolean } = {}) {
  const email = uniqueEmail("signin");
  const user = await db.user.create({
    data: { email, name: "Test Person", role, passwordHash: await hashPassword("correct horse battery"), ...extra },
  });
  return { ...user, email };
}

const lastAudit = (entityId: string) => db.auditEntry.findFirst({ where: { entityId }, orderBy: { seq: "desc" } });

describe("password sign-in", () => {
  afterAll(async () => {
    await db.$disconnect();
  });

  it("signs in with the right password and records it", async () => {
    const u = await makeUser();
    const user = await signInWithPassword({ email: u.email.toUpperCase(), password: "correct horse battery" }, "10.0.0.1");
    expect(user).toMatchObject({ id: u.id, role: "ENGINEER" });
    expect((await lastAudit(u.id))?.action).toBe("user.signin");
  });

  it("refuses a wrong password with a message that does not reveal which part was wrong", async () => {
    const u = await makeUser();
    await expect(signInWithPassword({ email: u.email, password: "wrong" }, "10.0.0.2")).rejects.toThrow("Email or password is incorrect.");
    await expect(signInWithPassword({ email: uniqueEmail("nobody"), password: "wrong" }, "10.0.0.2")).rejects.toThrow(
      "Email or password is incorrect.",
    );
    const entry = await lastAudit(u.id);
    expect(entry?.action).toBe("user.signin_failed");
    expect(JSON.parse(entry!.after!)).toMatchObject({ reason: "wrong password" });
  });

  it("locks an account after five failures, even for the right password", async () => {
    const u = await makeUser();
    for (let i = 0; i < 5; i++) {
      await expect(signInWithPassword({ email: u.email, password: `guess-${i}` }, `10.1.0.${i}`)).rejects.toThrow();
    }
    await expect(signInWithPassword({ email: u.email, password: "correct horse battery" }, "10.1.0.99")).rejects.toThrow(
      /Too many failed sign-in attempts. Try again in 15 minutes/,
    );
  });

  it("throttles an address that guesses across many accounts", async () => {
    const address = `10.2.${Math.floor(Math.random() * 250)}.${Math.floor(Math.random() * 250)}`;
    for (let i = 0; i < 50; i++) {
      await expect(signInWithPassword({ email: uniqueEmail("spray"), password: "x" }, address)).rejects.toThrow(
        "Email or password is incorrect.",
      );
    }
    const u = await makeUser();
    await expect(signInWithPassword({ email: u.email, password: "correct horse battery" }, address)).rejects.toThrow(/Too many failed/);
    expect(await signInWithPassword({ email: u.email, password: "correct horse battery" }, "10.3.0.1")).toMatchObject({ id: u.id });
  }, 120_000);

  it("checks at most SIGNIN_MAX_FAILURES of 40 concurrent wrong passwords", async () => {
    // H1: the lock was check-then-act, so every one of 40 parallel guesses was evaluated.
    const u = await makeUser();
    const results = await Promise.allSettled(
      Array.from({ length: 40 }, (_, i) => signInWithPassword({ email: u.email, password: `guess-${i}` }, `10.9.${i}.1`)),
    );
    expect(results.every((r) => r.status === "rejected")).toBe(true);
    const checked = await db.auditEntry.count({ where: { entityId: u.id, action: "user.signin_failed" } });
    expect(checked).toBeGreaterThan(0);
    expect(checked).toBeLessThanOrEqual(5);
    const throttled = results.filter((r) => r.status === "rejected" && /Too many failed/.test(String(r.reason?.message))).length;
    expect(throttled).toBeGreaterThanOrEqual(35);
    await expect(signInWithPassword({ email: u.email, password: "correct horse battery" }, "10.9.99.1")).rejects.toThrow(/Too many failed/);
  }, 120_000);

  it("refuses checks past SIGNIN_MAX_CONCURRENT_CHECKS at once, and still counts them toward the lock", async () => {
    // M5: every unauthenticated attempt ran a password check, with no limit on how many at once.
    process.env.SIGNIN_MAX_CONCURRENT_CHECKS = "1";
    resetEnv();
    try {
      const emails = Array.from({ length: 6 }, () => uniqueEmail("flood"));
      const results = await Promise.allSettled(emails.map((email, i) => signInWithPassword({ email, password: "x" }, `10.8.${i}.1`)));
      const busy = results.filter((r) => r.status === "rejected" && (r.reason as SignInError).code === "busy");
      expect(busy.length).toBeGreaterThanOrEqual(1);
      expect(results.every((r) => r.status === "rejected")).toBe(true);
      const rows = await db.signInThrottle.findMany({ where: { key: { in: emails.map((e) => `account:${e}`) } } });
      expect(rows.map((r) => r.failures)).toEqual([1, 1, 1, 1, 1, 1]);
    } finally {
      delete process.env.SIGNIN_MAX_CONCURRENT_CHECKS;
      resetEnv();
    }
  });

  it("replaces a bcrypt hash with scrypt on the next successful sign-in", async () => {
    const email = uniqueEmail("legacy");
    const u = await db.user.create({
      data: { email, name: "Legacy", role: "AUDITOR", passwordHash: await bcrypt.hash("old password", 4) },
    });
    await signInWithPassword({ email, password: "old password" }, "10.7.0.1");
    const after = await db.user.findUniqueOrThrow({ where: { id: u.id }, omit: { passwordHash: false } });
    expect(after.passwordHash).toMatch(/^\$scrypt\$/);
    expect(await signInWithPassword({ email, password: "old password" }, "10.7.0.1")).toMatchObject({ id: u.id });
  });

  it("prunes throttle rows whose window and lock have passed", async () => {
    const old = new Date(Date.now() - 60 * 60_000);
    await db.signInThrottle.create({ data: { key: `account:${uniqueEmail("stale")}`, failures: 3, windowStart: old, lockedUntil: old } });
    const live = `account:${uniqueEmail("live")}`;
    await db.signInThrottle.create({ data: { key: live, failures: 5, windowStart: old, lockedUntil: new Date(Date.now() + 60_000) } });
    expect(await pruneThrottle(db, 15)).toBeGreaterThanOrEqual(1);
    expect(
      await db.signInThrottle.count({
        where: { windowStart: { lt: new Date(Date.now() - 15 * 60_000) }, lockedUntil: { lt: new Date() } },
      }),
    ).toBe(0);
    expect(await db.signInThrottle.findUnique({ where: { key: live } })).not.toBeNull();
  });

  it("throttles only the account when the address is not known", async () => {
    const u = await makeUser();
    await expect(signInWithPassword({ email: u.email, password: "correct horse battery" }, null)).resolves.toMatchObject({ id: u.id });
    expect(await db.signInThrottle.count({ where: { key: "ip:unknown" } })).toBe(0);
  });

  it("refuses a disabled account", async () => {
    const u = await makeUser("ENGINEER", { disabled: true });
    await expect(signInWithPassword({ email: u.email, password: "correct horse battery" }, "10.4.0.1")).rejects.toThrow(
      "Email or password is incorrect.",
    );
  });
});

describe("single sign-on", () => {
  it("maps a group to a role and creates the account on first sign-in", async () => {
    const email = uniqueEmail("sso");
    const outcome = await signInWithSso({ sub: `sub-${email}`, email, name: "Sam SSO", groups: ["stackport-engineers"] });
    expect(outcome).toMatchObject({ ok: true, user: { email, role: "ENGINEER" } });
    const again = await signInWithSso({ sub: `sub-${email}`, email, name: "Sam SSO", groups: ["stackport-auditors"] });
    expect(again).toMatchObject({ ok: true, user: { role: "AUDITOR" } });
    expect(
      await db.auditEntry.count({ where: { action: "user.role_change", entityId: (again as { user: { id: string } }).user.id } }),
    ).toBe(1);
  });

  it("gives a person in no mapped group no access and no account", async () => {
    const email = uniqueEmail("unmapped");
    expect(await signInWithSso({ sub: `sub-${email}`, email, groups: ["marketing"] })).toEqual({ ok: false, reason: "unmapped" });
    expect(await db.user.count({ where: { email } })).toBe(0);
  });
});

describe("sign-out", () => {
  it("is recorded as user.signout by the person, on their user row", async () => {
    const u = await makeUser();
    await recordSignOut(u);
    expect(await lastAudit(u.id)).toMatchObject({
      action: "user.signout",
      actorId: u.id,
      actorLabel: u.email,
      entityType: "User",
      entityId: u.id,
    });
  });
});
