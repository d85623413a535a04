import { describe, expect, it } from "vitest";
import { expiredSessionCookies, isSessionCookie, sessionCookieName } from "./session-cookies";

describe("isSessionCookie", () => {
  it.each([
    ["next-auth.session-token", true],
    ["__Secure-next-auth.session-token", true],
    ["next-auth.session-token.0", true],
    ["__Secure-next-auth.session-token.12", true],
    ["next-auth.csrf-token", false],
    ["__Host-next-auth.csrf-token", false],
    ["next-auth.callback-url", false],
    ["next-auth.session-token.x", false],
    ["next-auth.session-tokens", false],
    ["evil-next-auth.session-token", false],
    ["__Host-next-auth.session-token", true],
    ["__Host-next-auth.session-token.1", true],
  ])("%s → %s", (name, expected) => {
    expect(isSessionCookie(name)).toBe(expected);
  });
});

describe("expiredSessionCookies", () => {
  it("expires every session cookie sent, chunked and __Secure- ones included, and nothing else", () => {
    const cookies = expiredSessionCookies([
      "next-auth.csrf-token",
      "next-auth.session-token.0",
      "next-auth.session-token.1",
      "__Secure-next-auth.session-token",
      "theme",
    ]);
    expect(cookies.map((c) => c.name)).toEqual([
      "next-auth.session-token.0",
      "next-auth.session-token.1",
      "__Secure-next-auth.session-token",
    ]);
    for (const c of cookies)
      expect(c).toMatchObject({ value: "", path: "/", maxAge: 0, expires: new Date(0), httpOnly: true, sameSite: "lax" });
  });

  it("marks only the __Secure- ones Secure (a browser ignores them otherwise)", () => {
    const secure = Object.fromEntries(
      expiredSessionCookies(["next-auth.session-token", "__Secure-next-auth.session-token.0"]).map((c) => [c.name, c.secure]),
    );
    expect(secure).toEqual({ "next-auth.session-token": false, "__Secure-next-auth.session-token.0": true });
  });

  it("lists a name sent twice once, and nothing when there is no session", () => {
    expect(expiredSessionCookies(["next-auth.session-token", "next-auth.session-token"])).toHaveLength(1);
    expect(expiredSessionCookies(["next-auth.csrf-token"])).toEqual([]);
  });
});

describe("sessionCookieName", () => {
  // I5: an https portal named its cookie __Secure-, which a sibling subdomain can set.
  it("uses the __Host- prefix on https, and the plain name on http", () => {
    expect(sessionCookieName("https://stackport.example.com")).toBe("__Host-next-auth.session-token");
    expect(sessionCookieName("http://localhost:3000")).toBe("next-auth.session-token");
  });
  it("expires a __Host- cookie with Secure set, as browsers require", () => {
    expect(expiredSessionCookies(["__Host-next-auth.session-token"])[0]).toMatchObject({ secure: true, path: "/" });
  });
});
