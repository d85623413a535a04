import type { Instrumentation } from "next";

// Runs once when the server starts (Node.js runtime only).
export async function register() {
  if (process.env.NEXT_RUNTIME === "nodejs") {
    const { startNode } = await import("./lib/startup");
    await startNode();
    // Every request from now on carries the address the sign-in throttle trusts.
    const { captureClientAddresses } = await import("./lib/http/capture-address");
    captureClientAddresses();
  }
}

// An error Next caught while rendering a page or running an action, route handler or the proxy,
// as one JSON line carrying the request's id (the path without its query, which may hold filters).
export const onRequestError: Instrumentation.onRequestError = async (error, request, context) => {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { describeError, log, requestIdFrom, withLogContext } = await import("./lib/log");
  const header = request.headers["x-request-id"];
  const digest = typeof error === "object" && error !== null && "digest" in error ? String(error.digest) : undefined;
  withLogContext({ requestId: requestIdFrom(Array.isArray(header) ? header[0] : header) }, () =>
    log("error", "request_error", {
      method: request.method,
      path: request.path.split("?")[0],
      routePath: context.routePath,
      routeType: context.routeType,
      digest,
      error: describeError(error),
    }),
  );
};
