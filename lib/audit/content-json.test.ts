import { describe, expect, it } from "vitest";
import { canonicalJson, entryHash, GENESIS_HASH, type AuditContent } from "./hash";
import { auditContentJson, fastEntryHash, isoAt } from "./content-json";

const base: AuditContent = {
  seq: 7,
  at: "2026-01-01T00:00:00.000Z",
  actorId: "u1",
  actorLabel: "ann@example.com",
  action: "user.signin",
  entityType: "User",
  entityId: "u1",
  clientId: null,
  before: null,
  after: '{"a":1}',
  requestId: null,
};

describe("auditContentJson", () => {
  it.each<[string, Partial<AuditContent>]>([
    ["all fields set", { clientId: "c1", before: '{"b":"x"}', requestId: "r1" }],
    ["all nullable fields null", { actorId: null, entityId: null, after: null }],
    ["quotes, commas, newlines and unicode", { actorLabel: 'O"Brien, \n\t\u2028 ☃', after: '{"note":"a,b\\n\\"c\\""}' }],
    ["control characters", { entityId: "\u0000\u001f\u007f" }],
    ["a large seq", { seq: 2 ** 31 - 1 }],
    ["an entry made through the API", { via: "api:ctok123" }],
  ])("writes the same bytes as canonicalJson: %s", (_name, change) => {
    const content = { ...base, ...change };
    expect(auditContentJson(content)).toBe(canonicalJson(content));
    expect(fastEntryHash(GENESIS_HASH, content)).toBe(entryHash(GENESIS_HASH, content));
  });
});

describe("isoAt", () => {
  it.each<[Date | string, string]>([
    ["2026-11-27T03:14:20.863+00:00", "2026-11-27T03:14:20.863Z"],
    ["2026-11-27T03:14:20.863Z", "2026-11-27T03:14:20.863Z"],
    ["2026-11-27T05:14:20.863+02:00", "2026-11-27T03:14:20.863Z"],
    [new Date("2026-11-27T03:14:20.000Z"), "2026-11-27T03:14:20.000Z"],
  ])("normalises %j", (input, expected) => {
    expect(isoAt(input)).toBe(expected);
  });
});
