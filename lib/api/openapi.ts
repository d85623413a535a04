import { z } from "zod";
import type { Endpoint } from "./endpoint";
import { problemSchema } from "./problem";

// The OpenAPI 3.1 document, generated from the endpoints' own zod schemas (zod 4's JSON Schema
// output is draft 2020-12, which OpenAPI 3.1 uses). Nothing in it is written by hand but prose.
// Served at /api/v1/openapi.json and printed by `npm run -s api:spec`. Pure.

type Json = Record<string, unknown>;
const REF = "#/components/schemas/";

class SchemaSet {
  readonly components: Record<string, Json> = {};

  convert(schema: z.ZodType, io: "input" | "output"): Json {
    const json = z.toJSONSchema(schema, { target: "draft-2020-12", io, unrepresentable: "any" }) as Json;
    const { $schema: _s, $defs, ...rest } = json;
    for (const [id, def] of Object.entries(($defs ?? {}) as Record<string, Json>)) this.components[id] ??= relink(def) as Json;
    return relink(rest) as Json;
  }
}

/** zod writes references to its own $defs; in the document they live under components. */
function relink(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(relink);
  if (value && typeof value === "object") {
    return Object.fromEntries(
      Object.entries(value).map(([k, v]) => [k, k === "$ref" && typeof v === "string" ? v.replace("#/$defs/", REF) : relink(v)]),
    );
  }
  return value;
}

/** An object schema's properties as OpenAPI parameters (an intersection's parts are merged). */
function parameters(json: Json, where: "path" | "query") {
  const parts = (json.allOf as Json[] | undefined) ?? [json];
  return parts.flatMap((part) => {
    const required = new Set((part.required as string[] | undefined) ?? []);
    return Object.entries((part.properties ?? {}) as Record<string, Json>).map(([name, schema]) => {
      const { description, ...rest } = schema;
      return { name, in: where, required: where === "path" || required.has(name), ...(description ? { description } : {}), schema: rest };
    });
  });
}

const STATUS_TEXT: Record<number, string> = {
  400: "The request is malformed.",
  401: "No valid API token: send `Authorization: Bearer spk_…`.",
  403: "The token's owner, role or scopes do not allow this.",
  404: "No such resource (or not one this caller may see).",
  409: "The current state does not allow this (or the same Idempotency-Key is still in progress).",
  412: "If-Match names a version that is no longer current.",
  422: "Some fields need attention (per-field `errors`), or an Idempotency-Key reused with another body.",
  429: "Rate limit reached: wait `Retry-After` seconds.",
  500: "Something went wrong on our side; nothing was changed.",
};

const RATE_HEADERS = {
  "RateLimit-Limit": { description: "Requests allowed per window.", schema: { type: "integer" } },
  "RateLimit-Remaining": { description: "Requests left in this window.", schema: { type: "integer" } },
  "RateLimit-Reset": { description: "Seconds until the window resets.", schema: { type: "integer" } },
};

export function buildOpenApiDocument(endpoints: readonly Endpoint[], info: { version: string }): Json {
  const set = new SchemaSet();
  set.convert(problemSchema, "output");
  const paths: Record<string, Record<string, Json>> = {};
  for (const e of endpoints) {
    const params = [
      ...(e.params ? parameters(set.convert(e.params, "input"), "path") : []),
      ...(e.query ? parameters(set.convert(e.query, "input"), "query") : []),
      ...(e.method === "POST"
        ? [
            {
              name: "Idempotency-Key",
              in: "header",
              required: false,
              description: "Retry safely: the same key and body get the first answer again without acting twice (kept 24 h).",
              schema: { type: "string", maxLength: 255 },
            },
          ]
        : []),
      ...(e.ifMatch
        ? [
            {
              name: "If-Match",
              in: "header",
              required: false,
              description: 'The ETag you read ("v<version>"); stale → 412.',
              schema: { type: "string" },
            },
          ]
        : []),
    ];
    const success: Json = { description: e.response.description, headers: RATE_HEADERS };
    if (e.response.schema) success.content = { "application/json": { schema: set.convert(e.response.schema, "output") } };
    else if (e.response.mediaType) success.content = { [e.response.mediaType]: { schema: { type: "string" } } };
    const problems = [...new Set([...(e.problems ?? []), 401, 403, 429, 500])].sort();
    const responses: Json = { [e.response.status]: success };
    for (const status of problems) {
      responses[status] = {
        description: STATUS_TEXT[status] ?? "A problem.",
        content: { "application/problem+json": { schema: { $ref: `${REF}Problem` } } },
      };
    }
    (paths[`/api/v1${e.path}`] ??= {})[e.method.toLowerCase()] = {
      operationId: e.operationId,
      tags: [e.tag],
      summary: e.summary,
      ...(e.description ? { description: e.description } : {}),
      "x-stackport-permission": e.permission,
      ...(params.length ? { parameters: params } : {}),
      ...(e.body ? { requestBody: { required: true, content: { "application/json": { schema: set.convert(e.body, "input") } } } } : {}),
      responses,
    };
  }
  return {
    openapi: "3.1.0",
    info: {
      title: "Stackport API",
      version: info.version,
      description:
        "Everything a person does in the portal, for scripts and other systems. Authenticate with an API token " +
        "(`Authorization: Bearer spk_…`), made under Your API tokens or, for a service account, by an administrator. " +
        "Errors are RFC 9457 problem details.",
    },
    servers: [{ url: "/" }],
    security: [{ bearerToken: [] }],
    tags: [...new Set(endpoints.map((e) => e.tag))].map((name) => ({ name })),
    paths,
    components: {
      schemas: Object.fromEntries(Object.entries(set.components).sort(([a], [b]) => a.localeCompare(b))),
      securitySchemes: { bearerToken: { type: "http", scheme: "bearer", bearerFormat: "spk_ API token" } },
    },
  };
}
