import { describe, expect, it } from "vitest";
import { isLoopbackHost, refusal } from "./guard";

describe("isLoopbackHost", () => {
  it.each([
    ["localhost", true],
    ["LOCALHOST:4599", true],
    ["app.localhost:3000", true],
    ["127.0.0.1:4599", true],
    ["127.255.0.9", true],
    ["[::1]:4599", true],
    ["[::1]", true],
    [undefined, false],
    ["", false],
    ["evil.example", false],
    ["localhost.evil.example", false],
    ["127.0.0.1.evil.example", false],
    ["127.0.0.256", false],
    ["128.0.0.1", false],
    ["[::2]:4599", false],
    ["0.0.0.0", false],
  ])("%s → %s", (host, expected) => {
    expect(isLoopbackHost(host)).toBe(expected);
  });
});

describe("refusal", () => {
  it("refuses any Origin, even a loopback one", () => {
    expect(refusal({ host: "127.0.0.1:4599", origin: "http://127.0.0.1:4599" })).toMatch(/Origin/);
    expect(refusal({ host: "127.0.0.1:4599" })).toBeUndefined();
    expect(refusal({ host: "evil.example" })).toMatch(/loopback/);
  });
});
