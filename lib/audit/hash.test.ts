import { describe, expect, it } from "vitest";
import { canonicalJson, entryHash, GENESIS_HASH, type AuditContent } from "./hash";

const content: AuditContent = {
  seq: 1,
  at: "2026-01-01T00:00:00.000Z",
  actorId: "u1",
  actorLabel: "ann@example.com",
  action: "user.signin",
  entityType: "User",
  entityId: "u1",
  clientId: null,
  before: null,
  after: '{"a":1}',
  requestId: "r1",
};

describe("canonicalJson", () => {
  it.each([
    [{ b: 1, a: 2 }, '{"a":2,"b":1}'],
    [{ z: { y: 1, x: [{ d: 1, c: 2 }] } }, '{"z":{"x":[{"c":2,"d":1}],"y":1}}'],
    [{ a: undefined, b: null }, '{"b":null}'],
  ])("orders keys of %j", (input, expected) => {
    expect(canonicalJson(input)).toBe(expected);
  });
});

describe("entryHash", () => {
  // `via` was added after entries existed: an entry without it must hash exactly as before.
  it("leaves an absent via out of the hashed bytes, and covers it when set", () => {
    expect(canonicalJson(content)).not.toContain("via");
    expect(entryHash(GENESIS_HASH, { ...content, via: undefined })).toBe(entryHash(GENESIS_HASH, content));
    expect(entryHash(GENESIS_HASH, { ...content, via: "api:t1" })).not.toBe(entryHash(GENESIS_HASH, content));
  });

  it("is stable for equal content regardless of key order", () => {
    const reordered = Object.fromEntries(Object.entries(content).reverse()) as unknown as AuditContent;
    expect(entryHash(GENESIS_HASH, reordered)).toBe(entryHash(GENESIS_HASH, content));
  });

  it("changes when any field or the previous hash changes", () => {
    const base = entryHash(GENESIS_HASH, content);
    expect(entryHash("1".repeat(64), content)).not.toBe(base);
    for (const key of Object.keys(content) as (keyof AuditContent)[]) {
      const changed = { ...content, [key]: key === "seq" ? 2 : `${String(content[key])}x` };
      expect(entryHash(GENESIS_HASH, changed), key).not.toBe(base);
    }
  });
});
