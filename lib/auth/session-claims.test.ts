import { describe, expect, it } from "vitest";
import { sessionClaims, sessionIsCurrent } from "./session-claims";

const now = 1_800_000_000_000;
const at = (secondsAgo: number) => now / 1000 - secondsAgo;

describe("sessionClaims", () => {
  // M2: a token renewed through /api/auth/session lived forever, and nothing could revoke it.
  it("keeps a token inside its absolute lifetime", () => {
    expect(sessionClaims({ uid: "u", sv: 2, authTime: at(100) }, 3600, now)).toEqual({ uid: "u", sv: 2, authTime: at(100) });
  });

  it("refuses a token past its absolute lifetime, however recently it was renewed", () => {
    expect(sessionClaims({ uid: "u", sv: 0, authTime: at(3601), exp: now / 1000 + 3600 }, 3600, now)).toBeNull();
  });

  it.each([
    ["no token", null],
    ["a token from before session versions", { uid: "u" }],
    ["a version that is not a number", { uid: "u", sv: "0", authTime: at(1) }],
    ["a sign-in time in the future", { uid: "u", sv: 0, authTime: at(-3600) }],
  ])("refuses %s", (_name, token) => {
    expect(sessionClaims(token as never, 3600, now)).toBeNull();
  });
});

describe("sessionIsCurrent", () => {
  const claims = { uid: "u", sv: 3, authTime: at(1) };
  it("holds while the row has the token's version", () => {
    expect(sessionIsCurrent(claims, { sessionVersion: 3, disabled: false })).toBe(true);
  });
  it("ends when the version was bumped, the user is disabled or gone", () => {
    expect(sessionIsCurrent(claims, { sessionVersion: 4, disabled: false })).toBe(false);
    expect(sessionIsCurrent(claims, { sessionVersion: 3, disabled: true })).toBe(false);
    expect(sessionIsCurrent(claims, null)).toBe(false);
  });
});
