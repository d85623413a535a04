import "server-only";
import { getEnv } from "../env";
import { log, requestIdFrom, withLogContext } from "../log";
import { crossSiteRefusal, portalHosts } from "./csrf";

/**
 * Wraps a route handler: its log lines carry the request's id (set by the proxy), and a
 * state-changing method (anything but GET/HEAD/OPTIONS) sent from another site is refused with
 * 403 before the handler runs. Every route handler under app/api uses it.
 */
export function route<C>(handler: (request: Request, context: C) => Response | Promise<Response>) {
  return (request: Request, context: C): Promise<Response> =>
    withLogContext({ requestId: requestIdFrom(request.headers.get("x-request-id")) }, async () => {
      const refusal = crossSiteRefusal(request.method, request.headers, portalHosts(request.headers, getEnv().NEXTAUTH_URL));
      if (refusal) {
        log("warn", "cross_site_request_refused", { method: request.method, path: new URL(request.url).pathname, reason: refusal });
        return Response.json({ error: "Cross-site request refused." }, { status: 403 });
      }
      return handler(request, context);
    });
}
