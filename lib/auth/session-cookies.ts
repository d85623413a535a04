// Which cookies hold a next-auth session, and how to expire them. Pure, so unit tests call it.
//
// next-auth 4 names its session cookie `next-auth.session-token`, with the `__Secure-` prefix
// when NEXTAUTH_URL is https, and splits a token that outgrows one cookie into `.0`, `.1`, …
// chunks. Any of these the browser still sends keeps (part of) a session alive. The portal names
// it with the `__Host-` prefix on https (sessionCookieName), which no sibling subdomain can set.
const SESSION_COOKIE = /^(__Secure-|__Host-)?next-auth\.session-token(\.\d+)?$/;

/** The session cookie's name for a portal at `portalUrl` (NEXTAUTH_URL). */
export const sessionCookieName = (portalUrl: string) =>
  portalUrl.startsWith("https://") ? "__Host-next-auth.session-token" : "next-auth.session-token";

export const isSessionCookie = (name: string) => SESSION_COOKIE.test(name);

export interface ExpiredCookie {
  name: string;
  value: "";
  path: "/";
  expires: Date;
  maxAge: 0;
  httpOnly: true;
  sameSite: "lax";
  secure: boolean;
}

/** One expiring Set-Cookie per session cookie among `names` (the cookies the browser sent). */
export function expiredSessionCookies(names: Iterable<string>): ExpiredCookie[] {
  return [...new Set(names)].filter(isSessionCookie).map((name) => ({
    name,
    value: "",
    // next-auth sets them on path "/" with no domain; the same path and host replace them.
    path: "/",
    expires: new Date(0),
    maxAge: 0,
    httpOnly: true,
    sameSite: "lax",
    // A browser ignores a Set-Cookie for a __Secure- or __Host- name unless it is marked Secure.
    secure: name.startsWith("__Secure-") || name.startsWith("__Host-"),
  }));
}
