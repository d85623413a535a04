import { z } from "zod";
import { describe, expect, it } from "vitest";
import { safeCallbackPath } from "./callback-url";
import { readSearchParams, textParam } from "./search-params";

describe("readSearchParams", () => {
  // L8: /clients?q=a&q=b crashed (q?.trim is not a function), and repeated cursors answered 500.
  const shape = { q: textParam(10), after: textParam(320), page: z.coerce.number().int().positive().optional().catch(undefined) };
  it.each([
    ["a repeated parameter: the first value", { q: ["a", "b"] }, { q: "a" }],
    ["an empty value: absent", { q: "  " }, {}],
    ["a huge value: absent", { q: "x".repeat(11) }, {}],
    ["a control character: absent", { q: "a\u0000b" }, {}],
    ["a wrong type: absent", { page: "abc" }, {}],
    ["unknown fields are ignored", { zzz: "1", q: "ok" }, { q: "ok" }],
  ])("%s", (_name, raw, expected) => {
    const parsed = readSearchParams(shape, raw as never);
    expect(Object.fromEntries(Object.entries(parsed).filter(([, v]) => v !== undefined))).toEqual(expected);
  });
});

describe("safeCallbackPath", () => {
  // M3: /signin?callbackUrl=/%5Cevil.example sent the person to https://evil.example/ after sign-in.
  const portal = "https://stackport.example.com";
  it.each(["/\\evil.example", "/\t/evil.example", "//evil", "/\\/evil", "https://evil", "javascript:alert(1)", "", undefined])(
    "%j goes to /",
    (value) => {
      expect(safeCallbackPath(value, portal)).toBe("/");
    },
  );
  it("keeps an encoded tab as a path on the portal (the browser does not decode it into another host)", () => {
    expect(new URL(safeCallbackPath("/%09/evil", portal), portal).origin).toBe(portal);
  });
  it("keeps a path, its query and its hash on the portal", () => {
    expect(safeCallbackPath("/clients/acme?tab=events#x", portal)).toBe("/clients/acme?tab=events#x");
  });
});
