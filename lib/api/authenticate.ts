import "server-only";
import type { SessionUser } from "../auth/roles";
import { parseAuthorization } from "./tokens/format";
import { authenticateToken } from "./tokens/authenticate";

// Who is calling: an API token in `Authorization: Bearer`, or else the portal's session cookie
// (a person's own browser). A token is never read from a cookie or the query string.

export type Caller = { ok: true; user: SessionUser; principal: string; via: string } | { ok: false; detail: string; challenge: string };

const CHALLENGE = 'Bearer realm="stackport"';
const INVALID = 'Bearer realm="stackport", error="invalid_token"';
const SESSION_COOKIE = /(?:^|;\s*)(?:__Secure-|__Host-)?next-auth\.session-token(?:\.\d+)?=/;

export async function authenticateCaller(request: Request, sessionUser: () => Promise<SessionUser | null>): Promise<Caller> {
  const bearer = parseAuthorization(request.headers.get("authorization"));
  if (bearer.kind === "malformed") {
    return { ok: false, detail: "The Authorization header must be `Bearer spk_…` with a Stackport API token.", challenge: INVALID };
  }
  if (bearer.kind === "token") {
    const result = await authenticateToken(bearer.token);
    if (!result.ok) return { ok: false, detail: result.detail, challenge: INVALID };
    return { ok: true, user: result.user, principal: `token:${result.user.token!.id}`, via: `api:${result.user.token!.id}` };
  }
  if (SESSION_COOKIE.test(request.headers.get("cookie") ?? "")) {
    const user = await sessionUser();
    if (user) return { ok: true, user, principal: `user:${user.id}`, via: "api" };
  }
  const query = new URL(request.url).searchParams;
  if (query.has("access_token") || query.has("token")) {
    return { ok: false, detail: "Tokens are accepted only in the Authorization header, never in the URL.", challenge: CHALLENGE };
  }
  return {
    ok: false,
    detail: "Send an API token: `Authorization: Bearer spk_…` (create one under Your API tokens).",
    challenge: CHALLENGE,
  };
}
