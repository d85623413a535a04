import { NextResponse, type NextRequest } from "next/server";
import { readSessionToken } from "@/lib/auth/session-token";
import { sessionClaims } from "@/lib/auth/session-claims";
import { sessionCookieName } from "@/lib/auth/session-cookies";
import { getEnv } from "@/lib/env";
import { contentSecurityPolicy, newNonce } from "@/lib/http/csp";
import { crossSiteRefusal, portalHosts } from "@/lib/http/csrf";
import { log, requestIdFrom, withLogContext } from "@/lib/log";

// Runs before every request except static files. It does four things and nothing more:
// 1. gives the request an id (x-request-id, kept from upstream if it looks safe) that the server
//    logs on every line and the response carries;
// 2. refuses a state-changing request sent from another site (server actions included);
// 3. gives every page a Content-Security-Policy with a fresh script nonce;
// 4. sends anonymous visitors of portal pages to sign-in.
// It is not the authorization: every page, action and route handler checks the user row again (lib/auth).
export async function proxy(request: NextRequest) {
  const env = getEnv();
  const requestId = requestIdFrom(request.headers.get("x-request-id"));
  const path = request.nextUrl.pathname;
  const finish = (response: NextResponse) => {
    response.headers.set("x-request-id", requestId);
    return response;
  };

  const refusal = crossSiteRefusal(request.method, request.headers, portalHosts(request.headers, env.NEXTAUTH_URL));
  if (refusal) {
    withLogContext({ requestId }, () => log("warn", "cross_site_request_refused", { method: request.method, path, reason: refusal }));
    return finish(NextResponse.json({ error: "Cross-site request refused." }, { status: 403 }));
  }

  const requestHeaders = new Headers(request.headers);
  requestHeaders.set("x-request-id", requestId);
  // API routes answer JSON (and 401/403 themselves); next.config's baseline policy covers them.
  const csp = path.startsWith("/api/") ? null : contentSecurityPolicy(newNonce(), { dev: env.NODE_ENV === "development" });
  // Next reads the nonce for its own scripts from the request's policy header.
  if (csp) requestHeaders.set("content-security-policy", csp);

  const token = isPortalPage(path)
    ? await readSessionToken(request.cookies, env.NEXTAUTH_SECRET, sessionCookieName(env.NEXTAUTH_URL))
    : null;
  if (isPortalPage(path) && !sessionClaims(token, env.SESSION_MAX_AGE_SECONDS)) {
    const url = new URL("/signin", request.url);
    const target = path + request.nextUrl.search;
    if (target !== "/") url.searchParams.set("callbackUrl", target);
    return finish(NextResponse.redirect(url));
  }

  const response = NextResponse.next({ request: { headers: requestHeaders } });
  if (csp) response.headers.set("Content-Security-Policy", csp);
  return finish(response);
}

const isPortalPage = (path: string) => !/^\/(api|signin|no-access)(\/|$)/.test(path);

export const config = {
  // The README's screenshots (public/screenshot-*.png) only; any other path gets the proxy (I2).
  matcher: ["/((?!_next/static|_next/image|favicon.ico|screenshot-[a-z]+\\.png$).*)"],
};
