import "server-only";
import { cookies, headers } from "next/headers";
import { db } from "../db";
import { appendAudit } from "../audit/append";
import { logUnexpected, requestIdFrom, withLogContext } from "../log";
import { getSessionUser } from "./session";
import { expiredSessionCookies } from "./session-cookies";
import type { SessionUser } from "./roles";

/** Writes the `user.signout` entry of a person ending their session. */
export async function recordSignOut(user: Pick<SessionUser, "id" | "email">): Promise<void> {
  await db.$transaction(async (tx) => {
    await appendAudit(tx, { actor: { id: user.id, label: user.email }, action: "user.signout", entityType: "User", entityId: user.id });
  });
}

/**
 * Ends this browser's session (for a server action): records the sign-out of the person it
 * belongs to, if it is still a valid session, and expires every next-auth session cookie the
 * browser sent. Sessions are stateless JWTs, so expiring the cookies is what ends it here.
 */
export async function signOutCurrentSession(): Promise<void> {
  const requestId = requestIdFrom((await headers()).get("x-request-id"));
  await withLogContext({ requestId }, async () => {
    const user = await getSessionUser();
    const store = await cookies();
    for (const { name, ...options } of expiredSessionCookies(store.getAll().map((c) => c.name))) store.set(name, "", options);
    if (!user) return;
    try {
      await recordSignOut(user);
    } catch (error) {
      // A person leaving a shared computer must be signed out even when the log cannot be
      // written; the failure is logged instead of keeping the session open.
      logUnexpected(error, { where: "sign-out", userId: user.id });
    }
  });
}
