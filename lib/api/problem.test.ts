import { describe, expect, it } from "vitest";
import { z } from "zod";
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from "../errors";
import { zodFieldErrors } from "../actions/zod-errors";
import { onboardSchema } from "../changes/schemas";
import { PreconditionFailedError, problem, problemFromError, problemResponse, problemSchema, validationProblem } from "./problem";
import { etagOf, nextLink, versionFromIfMatch } from "./http";
import { isValidIdempotencyKey, requestFingerprint } from "./idempotency-key";

describe("problem details (RFC 9457)", () => {
  it.each<[Error, number]>([
    [new NotFoundError("That client"), 404],
    [new ForbiddenError("No."), 403],
    [new ConflictError("Busy."), 409],
    [new PreconditionFailedError(), 412],
    [new ValidationError({ sizeId: ["Choose a size"] }), 422],
  ])("answers %s with %i and its message", (error, status) => {
    const p = problemFromError(error)!;
    expect(p).toMatchObject({ status, detail: error.message });
    expect(problemSchema.parse(p)).toEqual(p);
    expect(p.type).toMatch(/^https:\/\/stackport\.dev\/problems\//);
  });

  it("never turns an unexpected error into a problem with its text", () => {
    expect(problemFromError(new Error("password=hunter2"))).toBeNull();
    expect(problemFromError("boom")).toBeNull();
  });

  it("carries per-field errors from the form's own zod schema", () => {
    const parsed = onboardSchema.safeParse({ displayName: "", environment: "prod", region: "us-east-1" });
    const p = validationProblem(zodFieldErrors((parsed as { error: z.ZodError }).error));
    expect(p.status).toBe(422);
    expect(Object.keys(p.errors!)).toEqual(expect.arrayContaining(["displayName", "environment", "sizeId"]));
    expect(p.errors!.displayName).toContain("Enter the client's name");
  });

  it("is sent as application/problem+json, never cached", async () => {
    const response = problemResponse(problem(429, "Slow down."), { "Retry-After": "3" });
    expect(response.status).toBe(429);
    expect(response.headers.get("content-type")).toBe("application/problem+json");
    expect(response.headers.get("cache-control")).toBe("no-store");
    expect(await response.json()).toMatchObject({ title: "Too many requests", detail: "Slow down." });
  });
});

describe("ETags, next links and Idempotency-Key rules", () => {
  it.each<[string | null, number | null]>([
    [null, null],
    ['"v3"', 3],
    ['W/"v3"', 3],
    ['"3"', Number.NaN],
    ["*", Number.NaN],
  ])("reads If-Match %j", (header, version) => {
    expect(versionFromIfMatch(header)).toEqual(version);
  });

  it("round-trips a version through its ETag", () => {
    expect(versionFromIfMatch(etagOf(12))).toBe(12);
  });

  it("builds the next page's link from the request's own filters", () => {
    const url = new URL("http://x/api/v1/clients?q=acme&after=old");
    expect(nextLink(url, "after", "beta")).toBe("/api/v1/clients?q=acme&after=beta");
    expect(nextLink(url, "after", undefined)).toBeNull();
  });

  it("treats the same body as the same request, whatever its key order, and another body as another", () => {
    const a = requestFingerprint("POST", "/api/v1/requests/onboard", { b: 1, a: { d: 2, c: 3 } });
    expect(requestFingerprint("post", "/api/v1/requests/onboard", { a: { c: 3, d: 2 }, b: 1 })).toBe(a);
    expect(requestFingerprint("POST", "/api/v1/requests/onboard", { a: 1 })).not.toBe(a);
    expect(requestFingerprint("POST", "/api/v1/other", { b: 1, a: { d: 2, c: 3 } })).not.toBe(a);
  });

  it.each<[string, boolean]>([
    [crypto.randomUUID(), true],
    ["", false],
    ["has space", false],
    ["x".repeat(256), false],
  ])("accepts Idempotency-Key %j: %s", (key, valid) => {
    expect(isValidIdempotencyKey(key)).toBe(valid);
  });
});
