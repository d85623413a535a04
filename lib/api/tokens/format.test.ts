import { describe, expect, it } from "vitest";
import { hashToken, isWellFormedToken, newToken, parseAuthorization, tokenHint, TOKEN_PREFIX } from "./format";

describe("API tokens", () => {
  it("are recognisable, random, and stored only as their SHA-256", () => {
    const a = newToken();
    const b = newToken();
    expect(a.token).toMatch(/^spk_[0-9A-Za-z]{46}$/);
    expect(a.token).not.toBe(b.token);
    expect(a.hash).toBe(hashToken(a.token));
    expect(a.hash).toMatch(/^[0-9a-f]{64}$/);
    expect(a.hash).not.toContain(a.token.slice(TOKEN_PREFIX.length, 20));
    expect(a.hint).toBe(tokenHint(a.token));
    expect(a.hint).toMatch(/^spk_.{6}…$/);
  });

  it("carry a checksum that catches a mistyped or made-up token without a database read", () => {
    const { token } = newToken();
    expect(isWellFormedToken(token)).toBe(true);
    const last = token.at(-1)!;
    expect(isWellFormedToken(token.slice(0, -1) + (last === "a" ? "b" : "a"))).toBe(false);
    const middle = token[10] === "x" ? "y" : "x";
    expect(isWellFormedToken(token.slice(0, 10) + middle + token.slice(11))).toBe(false);
    expect(isWellFormedToken(`spk_${"a".repeat(46)}`)).toBe(false);
    expect(isWellFormedToken(token.replace("spk_", "ghp_"))).toBe(false);
  });

  it.each<[string | null, string]>([
    [null, "none"],
    ["", "none"],
    ["Basic dXNlcjpwYXNz", "malformed"],
    ["Bearer", "malformed"],
    ["Bearer not-a-token", "malformed"],
    ["Token spk_abc", "malformed"],
  ])("parses Authorization %j as %s", (header, kind) => {
    expect(parseAuthorization(header).kind).toBe(kind);
  });

  it("reads a well-formed bearer token in any case of the scheme", () => {
    const { token } = newToken();
    expect(parseAuthorization(`Bearer ${token}`)).toEqual({ kind: "token", token });
    expect(parseAuthorization(`bearer  ${token} `)).toEqual({ kind: "token", token });
    expect(parseAuthorization(`Bearer ${token} extra`).kind).toBe("malformed");
  });
});
