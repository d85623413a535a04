import { afterAll, describe, expect, it } from "vitest";
import { db } from "../db";
import { resetEnv } from "../env";
import { approveRequest } from "../changes/decide";
import { onboardClient } from "../changes/onboard-client";
import { makeUser, uniqueClientName } from "../../test/support/fixtures";
import { uniqueEmail } from "../../test/support/db";
import { signInWithPassword } from "./sign-in";
import { signInWithSso } from "./sso";
import { changeUserRole, confirmUserRole, createLocalUser } from "./users";
import type { SessionUser } from "./roles";

// Issue 16 / security review H3 and M4: one administrator could pass four-eyes alone with
// engineer accounts of their own making, and SSO re-bound an account to whichever identity
// brought its email.
const password = "a-long-enough-password";
const session = (u: { id: string; email: string; name: string; role: string }) => u as SessionUser;

async function selfMadeEngineer(admin: SessionUser, name: string) {
  return session(await createLocalUser(admin, { email: uniqueEmail(name), name, role: "ENGINEER", password }));
}

afterAll(async () => {
  delete process.env.AUTH_LOCAL_ACCOUNTS;
  resetEnv();
  await db.$disconnect();
});

describe("separation of duties", () => {
  it("one admin with two self-made engineer accounts cannot get a large change approved", async () => {
    const admin = await makeUser("ADMIN");
    const [a, b] = [await selfMadeEngineer(admin, "eng-a"), await selfMadeEngineer(admin, "eng-b")];
    const am = await makeUser("ACCOUNT_MANAGER");
    const request = await onboardClient(am, {
      displayName: uniqueClientName("Solo"),
      environment: "production",
      region: "us-east-1",
      blueprintId: "stateless-web",
      sizeId: "large",
    });
    expect(request.requiredApprovals).toBe(2);
    for (const engineer of [a, b]) {
      await expect(approveRequest(engineer, { requestId: request.id, version: request.version })).rejects.toThrow(
        /second administrator confirms it/,
      );
    }
    expect(await db.approval.count({ where: { requestId: request.id } })).toBe(0);
    // The admin cannot confirm their own grants; nor can an ADMIN approve.
    await expect(confirmUserRole(admin, { userId: a.id })).rejects.toThrow(/cannot confirm it/);
    await expect(approveRequest(admin, { requestId: request.id, version: request.version })).rejects.toThrow();
    expect((await db.changeRequest.findUniqueOrThrow({ where: { id: request.id } })).state).toBe("PENDING");

    // A second administrator confirms one of them: that one approval counts, the request still needs another person.
    const second = await makeUser("ADMIN");
    await confirmUserRole(second, { userId: a.id });
    const outcome = await approveRequest(a, { requestId: request.id, version: request.version });
    expect(outcome).toMatchObject({ approved: false, approvals: 1, required: 2 });
    const confirm = await db.auditEntry.findFirstOrThrow({ where: { action: "user.role_confirm", entityId: a.id } });
    expect(confirm.actorId).toBe(second.id);
  });

  it("a later grant of ENGINEER waits for confirmation too, and is recorded as needing it", async () => {
    const admin = await makeUser("ADMIN");
    const am = session(
      await createLocalUser(admin, { email: uniqueEmail("promoted"), name: "Promoted", role: "ACCOUNT_MANAGER", password }),
    );
    await changeUserRole(admin, { userId: am.id, role: "ENGINEER" });
    const user = await db.user.findUniqueOrThrow({ where: { id: am.id } });
    expect(user).toMatchObject({ role: "ENGINEER", roleGrantedById: admin.id, roleConfirmedById: null });
    const entry = await db.auditEntry.findFirstOrThrow({ where: { action: "user.role_change", entityId: am.id } });
    expect(JSON.parse(entry.after!)).toEqual({ role: "ENGINEER", needsConfirmation: true });
  });

  // Issue 16: "every grant, confirmation and expiry is in the change log"; a grant that came into
  // effect because its cooling-off passed left no entry.
  it("with one administrator, a grant approves after the cooling-off, and its taking effect is recorded once", async () => {
    // A single-administrator installation: the other tests' administrators step aside meanwhile.
    const others = await db.user.findMany({ where: { role: "ADMIN", disabled: false }, select: { id: true } });
    await db.user.updateMany({ where: { id: { in: others.map((o) => o.id) } }, data: { disabled: true } });
    try {
      const admin = await makeUser("ADMIN");
      const engineer = await selfMadeEngineer(admin, "cooling");
      const am = await makeUser("ACCOUNT_MANAGER");
      const onboard = () =>
        onboardClient(am, {
          displayName: uniqueClientName("Cooling"),
          environment: "staging",
          region: "us-east-1",
          blueprintId: "stateless-web",
          sizeId: "small",
        });
      const effective = () => db.auditEntry.findMany({ where: { action: "user.role_effective", entityId: engineer.id } });
      const first = await onboard();
      await expect(approveRequest(engineer, { requestId: first.id, version: first.version })).rejects.toThrow(/24-hour cooling-off/);
      expect(await effective()).toHaveLength(0);

      // A day and an hour later (the grant's time moved back stands in for the clock moving on).
      const grantedAt = new Date(Date.now() - 25 * 3_600_000);
      await db.user.update({ where: { id: engineer.id }, data: { roleGrantedAt: grantedAt } });
      expect(await approveRequest(engineer, { requestId: first.id, version: first.version })).toMatchObject({ approved: true });
      const [entry] = await effective();
      expect(entry).toMatchObject({ actorId: null, actorLabel: "system", entityType: "User" });
      expect(JSON.parse(entry.after!)).toEqual({
        role: "ENGINEER",
        grantedAt: grantedAt.toISOString(),
        grantedById: admin.id,
        coolingOffHours: 24,
        effectiveFrom: new Date(grantedAt.getTime() + 24 * 3_600_000).toISOString(),
      });
      const approval = await db.auditEntry.findFirstOrThrow({ where: { action: "request.approve", entityId: first.id } });
      expect(entry.seq).toBeLessThan(approval.seq);

      // Relied upon again (another approval, and the executor's recount of the first): no second entry.
      const second = await onboard();
      expect(await approveRequest(engineer, { requestId: second.id, version: second.version })).toMatchObject({ approved: true });
      const { checkApprovedBytes, deploymentInclude } = await import("../changes/approved-bytes");
      const stored = await db.changeRequest.findUniqueOrThrow({ where: { id: first.id }, include: deploymentInclude });
      expect(await db.$transaction((tx) => checkApprovedBytes(tx, stored))).toMatchObject({ ok: true });
      expect(await effective()).toHaveLength(1);
    } finally {
      await db.user.updateMany({ where: { id: { in: others.map((o) => o.id) } }, data: { disabled: false } });
    }
  });

  it("with AUTH_LOCAL_ACCOUNTS=false, an admin cannot create a local account", async () => {
    process.env.AUTH_LOCAL_ACCOUNTS = "false";
    resetEnv();
    try {
      const admin = await makeUser("ADMIN");
      const email = uniqueEmail("local");
      await expect(createLocalUser(admin, { email, name: "Local", role: "ENGINEER", password })).rejects.toThrow(
        /Local accounts are turned off/,
      );
      expect(await db.user.count({ where: { email } })).toBe(0);
    } finally {
      delete process.env.AUTH_LOCAL_ACCOUNTS;
      resetEnv();
    }
  });
});

describe("single sign-on binding", () => {
  it("refuses a changed subject for a known email, and keeps the account bound to the first", async () => {
    const email = uniqueEmail("bound");
    const first = await signInWithSso({ sub: `sub-a-${email}`, email, groups: ["stackport-engineers"] });
    expect(first.ok).toBe(true);
    const other = await signInWithSso({ sub: `sub-b-${email}`, email, groups: ["stackport-engineers"] });
    expect(other).toEqual({ ok: false, reason: "subject-changed" });
    expect((await db.user.findUniqueOrThrow({ where: { email } })).ssoSubject).toBe(`sub-a-${email}`);
    const failed = await db.auditEntry.findFirstOrThrow({
      where: { action: "user.signin_failed", actorLabel: email },
      orderBy: { seq: "desc" },
    });
    expect(JSON.parse(failed.after!)).toEqual({ method: "sso", reason: "subject-changed" });
  });

  it("refuses an email the provider says is not verified", async () => {
    const email = uniqueEmail("unverified");
    expect(await signInWithSso({ sub: `sub-${email}`, email, email_verified: false, groups: ["stackport-engineers"] })).toEqual({
      ok: false,
      reason: "unverified-email",
    });
    expect(await db.user.count({ where: { email } })).toBe(0);
  });

  it("ends the password of a pre-created local account it links to", async () => {
    const admin = await makeUser("ADMIN");
    const email = uniqueEmail("precreated");
    await createLocalUser(admin, { email, name: "Bob Real", role: "ENGINEER", password });
    expect(await signInWithPassword({ email, password }, "10.9.0.1")).toMatchObject({ email });
    expect((await signInWithSso({ sub: `sub-${email}`, email, groups: ["stackport-engineers"] })).ok).toBe(true);
    await expect(signInWithPassword({ email, password }, "10.9.0.2")).rejects.toThrow();
    expect(
      await db.auditEntry.count({ where: { action: "user.sso_linked", actorLabel: "identity provider", after: { contains: email } } }),
    ).toBe(1);
  });
});
