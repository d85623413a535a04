import { readFileSync } from "node:fs";
import { validate } from "@readme/openapi-parser";
import * as prettier from "prettier";
import { describe, expect, it } from "vitest";
import { clientTypes, SCHEMA_FILE } from "./client/generate";
import { ENDPOINTS } from "./endpoints";
import { apiDocument } from "./spec";

// The OpenAPI document is generated from the endpoints' zod schemas: it must be a valid OpenAPI 3.1
// document (checked by a maintained validator), and the committed typed client must be generated from it.

describe("the OpenAPI document", () => {
  it("is valid OpenAPI 3.1", async () => {
    const result = await validate(structuredClone(apiDocument()) as never);
    expect(result.valid ? [] : result.errors).toEqual([]);
    expect(result.warnings).toEqual([]);
    expect(apiDocument().openapi).toBe("3.1.0");
  });

  it("documents every endpoint once, with a unique operation id and its problems", () => {
    const doc = apiDocument() as { paths: Record<string, Record<string, { operationId: string; responses: Record<string, unknown> }>> };
    const operations = Object.values(doc.paths).flatMap((p) => Object.values(p));
    expect(operations).toHaveLength(ENDPOINTS.length);
    expect(new Set(operations.map((o) => o.operationId)).size).toBe(ENDPOINTS.length);
    for (const o of operations) expect(Object.keys(o.responses)).toEqual(expect.arrayContaining(["401", "403", "429", "500"]));
  });

  it("takes request bodies from the portal's form schemas", () => {
    const doc = apiDocument() as {
      paths: Record<string, Record<string, { requestBody?: { content: Record<string, { schema: { required?: string[] } }> } }>>;
    };
    const onboard = doc.paths["/api/v1/requests/onboard"].post.requestBody!.content["application/json"].schema;
    expect(onboard.required).toEqual(expect.arrayContaining(["displayName", "environment", "region", "sizeId"]));
  });

  it("has a committed typed client generated from this document (run npm run api:client)", async () => {
    const expected = await prettier.format(await clientTypes(apiDocument()), {
      filepath: SCHEMA_FILE,
      ...(await prettier.resolveConfig(SCHEMA_FILE)),
    });
    expect(readFileSync(SCHEMA_FILE, "utf8") === expected, "lib/api/client/schema.d.ts is out of date: run npm run api:client").toBe(true);
    // Generating and formatting the client takes a few seconds of CPU: more than the default 5 s on a busy machine.
  }, 60_000);
});
