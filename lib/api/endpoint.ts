import type { z } from "zod";
import type { Action } from "../auth/policy";
import type { SessionUser } from "../auth/roles";

// One API operation, described once: the router runs it and lib/api/openapi.ts documents it from
// the same zod schemas. An endpoint file exports one or a few of these; endpoints/index.ts lists them.

export type Method = "GET" | "POST" | "PUT" | "PATCH" | "DELETE";

export interface EndpointContext<P, Q, B> {
  user: SessionUser;
  params: P;
  query: Q;
  body: B;
  request: Request;
  url: URL;
  /** The version an If-Match header names (null when none was sent). */
  ifMatch: number | null;
}

/** What a handler returns: a JSON body (status 200 unless given) or a ready Response (streams, downloads). */
export type EndpointResult = { status?: number; body?: unknown; headers?: Record<string, string> } | Response;

export interface Endpoint<P extends z.ZodType = z.ZodType, Q extends z.ZodType = z.ZodType, B extends z.ZodType = z.ZodType> {
  operationId: string;
  method: Method;
  /** Under /api/v1, with {name} path parameters, e.g. "/clients/{slug}". */
  path: string;
  tag: string;
  summary: string;
  description?: string;
  /** Checked with authorize() before the handler; rules about the resource are checked again inside lib/. */
  permission: Action;
  params?: P;
  query?: Q;
  body?: B;
  /** The success answer: its status and body schema (or a non-JSON media type). */
  response: { status: 200 | 201 | 202 | 204; description: string; schema?: z.ZodType; mediaType?: string };
  /** Problem statuses this operation may answer, besides 401, 403, 429 and 500 (every operation may). */
  problems?: number[];
  /** State changes that take If-Match (a stale ETag answers 412). */
  ifMatch?: boolean;
  handler: (context: EndpointContext<z.infer<P>, z.infer<Q>, z.infer<B>>) => Promise<EndpointResult>;
}

/** Keeps each endpoint's handler typed by its own schemas. */
export function defineEndpoint<P extends z.ZodType, Q extends z.ZodType, B extends z.ZodType>(endpoint: Endpoint<P, Q, B>): Endpoint {
  return endpoint as unknown as Endpoint;
}
