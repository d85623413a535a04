import "server-only";
import { z } from "zod";
import { authorize } from "../auth/policy";
import type { SessionUser } from "../auth/roles";
import { withAuditVia } from "../audit/via";
import { zodFieldErrors } from "../actions/zod-errors";
import { logUnexpected } from "../log";
import { authenticateCaller } from "./authenticate";
import type { Endpoint, EndpointResult } from "./endpoint";
import { versionFromIfMatch } from "./http";
import { completeIdempotencyKey, releaseIdempotencyKey, reserveIdempotencyKey } from "./idempotency";
import { isValidIdempotencyKey, requestFingerprint } from "./idempotency-key";
import { problem, problemFromError, problemResponse, validationProblem, type Problem } from "./problem";
import type { RateLimiter } from "./rate-limit";

// Runs one /api/v1 request through the same steps every time: find the endpoint, authenticate,
// count against the caller's rate limit, authorize, parse with the endpoint's zod schemas, honour
// Idempotency-Key, run the handler (its change-log entries say they came through the API, and with
// which token), and answer JSON or RFC 9457 problem details.

export const API_BASE = "/api/v1";
const MAX_BODY_BYTES = 1_000_000;

export interface RouterOptions {
  endpoints: readonly Endpoint[];
  rateLimiter: RateLimiter;
  /** The portal session's user (app/ passes getSessionUser; tests have no cookies). */
  sessionUser: () => Promise<SessionUser | null>;
  /** Check every JSON answer against its documented schema (the integration tests turn it on). */
  checkResponses?: boolean;
}

interface Match {
  endpoint: Endpoint;
  params: Record<string, string>;
}

function compile(path: string) {
  const names: string[] = [];
  const pattern = path.replace(/\{(\w+)\}/g, (_m, name: string) => (names.push(name), "([^/]+)"));
  return { regex: new RegExp(`^${pattern}$`), names };
}
const compiled = new WeakMap<Endpoint, ReturnType<typeof compile>>();

function match(endpoints: readonly Endpoint[], method: string, path: string): Match | { allow: string[] } | null {
  const allow: string[] = [];
  for (const endpoint of endpoints) {
    let c = compiled.get(endpoint);
    if (!c) compiled.set(endpoint, (c = compile(endpoint.path)));
    const m = c.regex.exec(path);
    if (!m) continue;
    if (endpoint.method !== method) {
      allow.push(endpoint.method);
      continue;
    }
    let params: Record<string, string>;
    try {
      params = Object.fromEntries(c.names.map((n, i) => [n, decodeURIComponent(m[i + 1])]));
    } catch {
      return null;
    }
    return { endpoint, params };
  }
  return allow.length ? { allow } : null;
}

const firstValues = (search: URLSearchParams) => {
  const out: Record<string, string> = {};
  for (const [k, v] of search) if (!(k in out)) out[k] = v; // a repeated parameter counts once
  return out;
};

async function readJson(request: Request): Promise<{ ok: true; value: unknown } | { ok: false; problem: Problem }> {
  const text = await request.text();
  if (text.length > MAX_BODY_BYTES) return { ok: false, problem: problem(400, "The body is larger than 1 MB.") };
  if (text.trim() === "") return { ok: true, value: {} };
  const type = request.headers.get("content-type") ?? "";
  if (!/^application\/([\w.+-]+\+)?json\b/i.test(type)) return { ok: false, problem: problem(415, "Send the body as application/json.") };
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch {
    return { ok: false, problem: problem(400, "The body is not valid JSON.") };
  }
}

function toResponse(result: EndpointResult): { response: Response; json: unknown; isJson: boolean } {
  if (result instanceof Response) return { response: result, json: undefined, isJson: false };
  const status = result.status ?? 200;
  const headers = { "Cache-Control": "no-store", ...result.headers };
  if (status === 204 || result.body === undefined) return { response: new Response(null, { status, headers }), json: null, isJson: true };
  return { response: Response.json(result.body, { status, headers }), json: result.body, isJson: true };
}

function withHeaders(response: Response, headers: Record<string, string>): Response {
  for (const [k, v] of Object.entries(headers)) response.headers.set(k, v);
  response.headers.set("X-Content-Type-Options", "nosniff");
  return response;
}

export async function handleApiRequest(request: Request, options: RouterOptions): Promise<Response> {
  const url = new URL(request.url);
  const path = url.pathname.startsWith(API_BASE) ? url.pathname.slice(API_BASE.length) || "/" : url.pathname;
  const found = match(options.endpoints, request.method.toUpperCase(), path);
  if (!found) return problemResponse(problem(404, `There is no ${request.method} ${url.pathname} in this API.`));
  if ("allow" in found) return problemResponse(problem(405, `Use ${found.allow.join(" or ")}.`), { Allow: found.allow.join(", ") });
  const { endpoint } = found;

  const caller = await authenticateCaller(request, options.sessionUser);
  if (!caller.ok) return problemResponse(problem(401, caller.detail), { "WWW-Authenticate": caller.challenge });
  const rate = await options.rateLimiter.consume(caller.principal);
  if (!rate.allowed)
    return problemResponse(problem(429, `Too many requests; try again in ${rate.headers["Retry-After"]} s.`), rate.headers);
  const respond = (response: Response) => withHeaders(response, rate.headers);

  const decision = authorize(caller.user, endpoint.permission);
  if (!decision.allowed) return respond(problemResponse(problem(403, decision.reason)));

  const params = (endpoint.params ?? z.object({})).safeParse(found.params);
  if (!params.success) return respond(problemResponse(problem(404, "No such resource.")));
  const query = (endpoint.query ?? z.object({})).safeParse(firstValues(url.searchParams));
  if (!query.success)
    return respond(problemResponse(validationProblem(zodFieldErrors(query.error), "Some query parameters need attention.")));
  let rawBody: unknown = undefined;
  if (endpoint.body) {
    const read = await readJson(request);
    if (!read.ok) return respond(problemResponse(read.problem));
    rawBody = read.value;
  }
  const body = (endpoint.body ?? z.any()).safeParse(rawBody);
  if (!body.success) return respond(problemResponse(validationProblem(zodFieldErrors(body.error))));
  const ifMatch = versionFromIfMatch(request.headers.get("if-match"));
  if (Number.isNaN(ifMatch)) return respond(problemResponse(problem(412, "If-Match does not name a version this API issued.")));

  let reservation: string | null = null;
  const key = request.headers.get("idempotency-key");
  if (key !== null && request.method.toUpperCase() === "POST") {
    if (!isValidIdempotencyKey(key)) {
      return respond(problemResponse(validationProblem({ "Idempotency-Key": ["Use 1 to 255 visible ASCII characters, e.g. a UUID"] })));
    }
    const fingerprint = requestFingerprint(request.method, url.pathname, rawBody);
    const held = await reserveIdempotencyKey(caller.user.id, key, fingerprint, { method: request.method, path: url.pathname });
    if (held.kind === "mismatch")
      return respond(
        problemResponse(
          validationProblem(
            { "Idempotency-Key": ["This key was used with a different request; use a new key"] },
            "This Idempotency-Key was already used with another request.",
          ),
        ),
      );
    if (held.kind === "in-progress")
      return respond(problemResponse(problem(409, "A request with this Idempotency-Key is still in progress.")));
    if (held.kind === "replay") {
      const replayed = new Response(held.body, { status: held.status, headers: { ...held.headers, "Idempotent-Replayed": "true" } });
      return respond(replayed);
    }
    reservation = held.id;
  }

  let outcome: { response: Response; json: unknown; isJson: boolean };
  try {
    const result = await withAuditVia(caller.via, () =>
      endpoint.handler({ user: caller.user, params: params.data, query: query.data, body: body.data, request, url, ifMatch }),
    );
    outcome = toResponse(result);
  } catch (error) {
    const expected = problemFromError(error);
    if (!expected) {
      if (reservation) await releaseIdempotencyKey(reservation).catch(() => undefined);
      const eventId = logUnexpected(error, { where: "api", operationId: endpoint.operationId });
      return respond(
        problemResponse(problem(500, `Something went wrong on our side (event ${eventId}). Nothing was changed.`, { eventId })),
      );
    }
    outcome = { response: problemResponse(expected), json: expected, isJson: true };
  }
  if (options.checkResponses && outcome.isJson && outcome.response.ok && endpoint.response.schema) {
    const checked = endpoint.response.schema.safeParse(outcome.json);
    if (!checked.success) throw new Error(`${endpoint.operationId} answered outside its schema: ${JSON.stringify(checked.error.issues)}`);
  }
  if (reservation) {
    const text = outcome.isJson ? await outcome.response.clone().text() : null;
    const replayHeaders: Record<string, string> = {};
    for (const name of ["content-type", "location", "etag"]) {
      const value = outcome.response.headers.get(name);
      if (value) replayHeaders[name] = value;
    }
    await completeIdempotencyKey(reservation, { status: outcome.response.status, body: text, headers: replayHeaders });
  }
  return respond(outcome.response);
}
