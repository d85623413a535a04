import { describe, expect, it } from "vitest";
import { contentSecurityPolicy, newNonce } from "./csp";

const directives = (policy: string) => Object.fromEntries(policy.split("; ").map((d) => [d.split(" ")[0], d.split(" ").slice(1)]));

describe("contentSecurityPolicy", () => {
  it("allows only nonced scripts, no framing, and no other origin", () => {
    const d = directives(contentSecurityPolicy("abc123=="));
    expect(d["script-src"]).toEqual(["'self'", "'nonce-abc123=='", "'strict-dynamic'"]);
    expect(d["style-src"]).toEqual(["'self'", "'nonce-abc123=='"]);
    expect(d["frame-ancestors"]).toEqual(["'none'"]);
    expect(d["object-src"]).toEqual(["'none'"]);
    for (const name of ["default-src", "connect-src", "img-src", "font-src", "base-uri", "form-action"])
      expect(d[name]).toContain("'self'");
    expect(
      Object.values(d)
        .flat()
        .some((v) => /unsafe-eval|^https?:|\*/.test(v)),
    ).toBe(false);
  });

  it("adds unsafe-eval for scripts in development only (React's dev tooling needs it)", () => {
    expect(directives(contentSecurityPolicy("n", { dev: true }))["script-src"]).toContain("'unsafe-eval'");
  });
});

describe("newNonce", () => {
  it("is 128 random bits, base64, different every time", () => {
    const nonces = new Set(Array.from({ length: 100 }, newNonce));
    expect(nonces.size).toBe(100);
    for (const n of nonces) expect(Buffer.from(n, "base64")).toHaveLength(16);
  });
});
