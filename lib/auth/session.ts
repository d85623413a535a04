import "server-only";
import { cache } from "react";
import { cookies } from "next/headers";
import { forbidden, redirect } from "next/navigation";
import { connection } from "next/server";
import { db } from "../db";
import { ForbiddenError } from "../errors";
import { getEnv } from "../env";
import { authorize, type Action, type Resource } from "./policy";
import { readSessionToken } from "./session-token";
import { sessionCookieName } from "./session-cookies";
import { sessionClaims, sessionIsCurrent } from "./session-claims";
import { isRole, type SessionUser } from "./roles";

/**
 * The signed-in user for this request, read from the user row so that disabling an
 * account or changing its role takes effect on the very next request.
 */
export const getSessionUser = cache(async (): Promise<SessionUser | null> => {
  await connection(); // per-request: never prerendered at build time
  // The session cookie alone, without running the whole auth handler, which would also sign a
  // CSRF token and re-encrypt a refreshed session cookie that a page cannot set.
  const env = getEnv();
  const token = await readSessionToken(await cookies(), env.NEXTAUTH_SECRET, sessionCookieName(env.NEXTAUTH_URL));
  return currentSessionUser(token, env.SESSION_MAX_AGE_SECONDS);
});

/**
 * The user a decoded session token stands for, when it is within its absolute lifetime and the
 * user row (read here anyway for the role) still has the session version the token was issued
 * under: a bumped version (sign-out, disable, role change, "end sessions") ends it at once.
 */
export async function currentSessionUser(token: Record<string, unknown> | null, maxAgeSeconds: number): Promise<SessionUser | null> {
  const claims = sessionClaims(token, maxAgeSeconds);
  if (!claims) return null;
  const user = await db.user.findUnique({
    where: { id: claims.uid },
    select: { id: true, email: true, name: true, role: true, disabled: true, sessionVersion: true },
  });
  if (!user || !sessionIsCurrent(claims, user) || !isRole(user.role)) return null;
  return { id: user.id, email: user.email, name: user.name, role: user.role };
}

/** For pages: anonymous visitors go to sign-in. */
export async function requireUser(): Promise<SessionUser> {
  const user = await getSessionUser();
  if (!user) redirect("/signin");
  return user;
}

/**
 * For pages: the signed-in user, when allowed `action`. Anonymous visitors go to sign-in;
 * anyone else not allowed gets the 403 page inside the navigation (Next's forbidden()).
 */
export async function requirePageUser(action: Action, resource?: Resource): Promise<SessionUser> {
  const user = await requireUser();
  if (!authorize(user, action, resource).allowed) forbidden();
  return user;
}

/** For actions and route handlers: throws ForbiddenError unless allowed. */
export async function requirePermission(action: Action, resource?: Resource): Promise<SessionUser> {
  const user = await requireUser();
  const decision = authorize(user, action, resource);
  if (!decision.allowed) throw new ForbiddenError(decision.reason);
  return user;
}
