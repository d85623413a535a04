import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";

// The wrapper every route handler uses. The proxy refuses cross-site requests first; this proves
// the handlers refuse them on their own too, should a route ever fall outside the proxy's matcher.
let route: typeof import("./route").route;
beforeAll(async () => {
  process.env.NEXTAUTH_SECRET ??= "unit-test-secret-unit-test-secret-0123";
  process.env.NEXTAUTH_URL ??= "http://localhost:3000";
  ({ route } = await import("./route"));
});
afterEach(() => vi.restoreAllMocks());

const url = "http://portal.test/api/thing";

describe("route", () => {
  it("refuses a state-changing request from another site with 403 before the handler runs", async () => {
    vi.spyOn(console, "error").mockImplementation(() => {});
    const handler = vi.fn(() => Response.json({ changed: true }));
    const wrapped = route(handler);
    for (const method of ["POST", "PUT", "PATCH", "DELETE"]) {
      const response = await wrapped(new Request(url, { method, headers: { host: "portal.test", origin: "http://evil.example" } }), {});
      expect(response.status).toBe(403);
    }
    const bySite = await wrapped(
      new Request(url, { method: "POST", headers: { host: "portal.test", "sec-fetch-site": "cross-site" } }),
      {},
    );
    expect(bySite.status).toBe(403);
    expect(handler).not.toHaveBeenCalled();
  });

  it("runs same-origin and read-only requests, with their log lines carrying the request id", async () => {
    const lines: string[] = [];
    vi.spyOn(console, "log").mockImplementation((line: string) => void lines.push(line));
    const { log } = await import("../log");
    const wrapped = route(async (request: Request) => {
      await new Promise((r) => setTimeout(r, 1));
      log("info", "handled", { method: request.method });
      return new Response("ok");
    });
    const post = await wrapped(
      new Request(url, { method: "POST", headers: { host: "portal.test", origin: "http://portal.test", "x-request-id": "req-post-1" } }),
      {},
    );
    const get = await wrapped(
      new Request(url, { headers: { host: "portal.test", origin: "http://evil.example", "x-request-id": "req-get-2" } }),
      {},
    );
    expect([post.status, get.status]).toEqual([200, 200]);
    expect(lines.map((l) => JSON.parse(l))).toEqual([
      expect.objectContaining({ event: "handled", method: "POST", requestId: "req-post-1" }),
      expect.objectContaining({ event: "handled", method: "GET", requestId: "req-get-2" }),
    ]);
  });
});
