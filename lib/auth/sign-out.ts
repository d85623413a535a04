import "server-only";
import { cookies, headers } from "next/headers";
import { db } from "../db";
import { appendAudit } from "../audit/append";
import { logUnexpected, requestIdFrom, withLogContext } from "../log";
import { getSessionUser } from "./session";
import { bumpSessionVersion } from "./end-sessions";
import { expiredSessionCookies } from "./session-cookies";
import type { SessionUser } from "./roles";

/**
 * Ends the person's sessions server-side (a copied cookie stops working too: the session version
 * is bumped) and writes their `user.signout` entry.
 */
export async function recordSignOut(user: Pick<SessionUser, "id" | "email">): Promise<void> {
  await db.$transaction(async (tx) => {
    await bumpSessionVersion(tx, user.id);
    await appendAudit(tx, { actor: { id: user.id, label: user.email }, action: "user.signout", entityType: "User", entityId: user.id });
  });
}

/**
 * Ends this browser's session (for a server action): records the sign-out of the person it
 * belongs to, if it is still a valid session, and expires every next-auth session cookie the
 * browser sent, and bumps the user's session version so no copy of the token works any more.
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
