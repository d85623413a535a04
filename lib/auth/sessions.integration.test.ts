import { afterAll, describe, expect, it } from "vitest";
import { db } from "../db";
import { getEnv } from "../env";
import { hashPassword } from "./password";
import { buildAuthOptions } from "./options";
import { currentSessionUser } from "./session";
import { recordSignOut } from "./sign-out";
import { endUserSessions } from "./end-sessions";
import { changeUserRole, setUserDisabled } from "./users";
import { uniqueEmail } from "../../test/support/db";
import type { SessionUser } from "./roles";

// M2: sign-out, disabling, a role change and renewal did not end a copied session token.
async function makeUser(role = "ENGINEER") {
  return db.user.create({ data: { email: uniqueEmail("sess"), name: "Session Person", role, passwordHash: await hashPassword("x") } });
}

/** The token next-auth issues at sign-in, through the portal's own jwt callback. */
async function signInToken(userId: string) {
  const jwt = buildAuthOptions().callbacks!.jwt!;
  return (await jwt({ token: {}, user: { id: userId }, account: null } as never)) as Record<string, unknown>;
}

const maxAge = () => getEnv().SESSION_MAX_AGE_SECONDS;
let admin: SessionUser;

describe("sessions that end", () => {
  afterAll(async () => {
    await db.$disconnect();
  });

  it("a token is valid until the person signs out, and never again afterwards", async () => {
    const u = await makeUser();
    const token = await signInToken(u.id);
    expect(await currentSessionUser(token, maxAge())).toMatchObject({ id: u.id });
    await recordSignOut(u);
    expect(await currentSessionUser(token, maxAge())).toBeNull();
    // A new sign-in works again.
    expect(await currentSessionUser(await signInToken(u.id), maxAge())).toMatchObject({ id: u.id });
  });

  it("disabling ends the session, and re-enabling does not bring it back", async () => {
    const a = await makeUser("ADMIN");
    admin = { id: a.id, email: a.email, name: a.name, role: "ADMIN" };
    const u = await makeUser();
    const token = await signInToken(u.id);
    await setUserDisabled(admin, { userId: u.id, disabled: true });
    await setUserDisabled(admin, { userId: u.id, disabled: false });
    expect(await currentSessionUser(token, maxAge())).toBeNull();
  });

  it("a role change ends the session issued under the old role", async () => {
    const u = await makeUser();
    const token = await signInToken(u.id);
    await changeUserRole(admin, { userId: u.id, role: "AUDITOR" });
    expect(await currentSessionUser(token, maxAge())).toBeNull();
  });

  it("an administrator's 'end sessions' ends them, and is recorded", async () => {
    const u = await makeUser();
    const token = await signInToken(u.id);
    await endUserSessions(admin, { userId: u.id });
    expect(await currentSessionUser(token, maxAge())).toBeNull();
    expect(await db.auditEntry.findFirst({ where: { entityId: u.id }, orderBy: { seq: "desc" } })).toMatchObject({
      action: "user.sessions_end",
      actorId: admin.id,
    });
  });

  it("renewal keeps the sign-in time and is refused past the absolute lifetime or after revocation", async () => {
    const u = await makeUser();
    const jwt = buildAuthOptions().callbacks!.jwt!;
    const token = await signInToken(u.id);
    const renewed = (await jwt({ token } as never)) as Record<string, unknown>;
    expect(renewed.authTime).toBe(token.authTime);
    const old = { ...token, authTime: Math.floor(Date.now() / 1000) - maxAge() - 1 };
    await expect(jwt({ token: old } as never)).rejects.toThrow("The session has ended.");
    expect(await currentSessionUser(old, maxAge())).toBeNull();
    await recordSignOut(u);
    await expect(jwt({ token } as never)).rejects.toThrow("The session has ended.");
  });
});
