import "server-only";
import { getSessionUser } from "../auth/session";
import { getEnv } from "../env";
import { ENDPOINTS } from "./endpoints";
import { createRateLimiter, type RateLimiter } from "./rate-limit";
import { API_BASE, handleApiRequest } from "./router";
import { apiDocument } from "./spec";

// The portal's /api/v1: the document itself (public, like any API reference), then the router.

let limiter: RateLimiter | undefined;

export function serveApi(request: Request): Promise<Response> | Response {
  const { pathname } = new URL(request.url);
  if (pathname === `${API_BASE}/openapi.json` && request.method === "GET") {
    return Response.json(apiDocument(), { headers: { "Cache-Control": "public, max-age=300" } });
  }
  limiter ??= createRateLimiter({ points: getEnv().API_RATE_LIMIT_PER_MINUTE, windowSeconds: 60 });
  return handleApiRequest(request, { endpoints: ENDPOINTS, rateLimiter: limiter, sessionUser: getSessionUser });
}
