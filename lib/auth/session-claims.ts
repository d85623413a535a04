// What a session token must carry to count, beyond next-auth's own expiry. Pure, so unit tests
// call it. `authTime` is when the person signed in: renewal through /api/auth/session re-issues
// the token with a fresh `exp` but keeps `authTime`, so SESSION_MAX_AGE_SECONDS is an absolute
// lifetime. `sv` is the user's sessionVersion at sign-in: bumping the row's version (sign-out,
// disable, role change, "end sessions") ends every token issued before.

export interface SessionClaims {
  uid: string;
  sv: number;
  authTime: number;
}

/** The claims of a token that is still within its absolute lifetime, or null. */
export function sessionClaims(
  token: Record<string, unknown> | null | undefined,
  maxAgeSeconds: number,
  now = Date.now(),
): SessionClaims | null {
  if (!token) return null;
  const { uid, sv, authTime } = token;
  if (typeof uid !== "string" || !uid) return null;
  if (typeof sv !== "number" || !Number.isInteger(sv)) return null;
  if (typeof authTime !== "number" || !Number.isFinite(authTime)) return null;
  const age = now / 1000 - authTime;
  if (age > maxAgeSeconds || age < -60) return null;
  return { uid, sv, authTime };
}

/** True when the token's claims hold and the user row still has the version it was issued under. */
export function sessionIsCurrent(claims: SessionClaims | null, user: { sessionVersion: number; disabled: boolean } | null): boolean {
  return Boolean(claims && user && !user.disabled && user.sessionVersion === claims.sv);
}
