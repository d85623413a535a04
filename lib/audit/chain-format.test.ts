import Database from "better-sqlite3";
import { describe, expect, it } from "vitest";
import { Prisma as SqlitePrisma } from "../db/generated/sqlite/browser";
import { Prisma as PostgresPrisma } from "../db/generated/postgresql/browser";
import { auditContentJson, CHAIN_FIELDS, contentSql, ENTRY_COLUMNS, ENTRY_COLUMNS_SQL, LINK_COLUMNS } from "./chain-format";
import { canonicalJson, entryHash, GENESIS_HASH, type AuditContent } from "./hash";
import { isoAt } from "./content-json";

// The chain's fields are defined once (chain-format.ts); the hashing, the fast encoder, the
// SQLite SQL and the column lists derive from it. Each test below fails if one of them drifts.
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

const cases: [string, Partial<AuditContent>][] = [
  ["all fields set", { clientId: "c1", before: '{"b":"x"}', requestId: "r1" }],
  ["all nullable fields null", { actorId: null, entityId: null, after: null }],
  ["quotes, commas, newlines and unicode", { actorLabel: 'O"Brien, \n\t\u2028 ☃', after: '{"note":"a,b\\n\\"c\\""}' }],
  ["control characters", { entityId: "\u0000\u001f\u007f" }],
  ["a large seq", { seq: 2 ** 31 - 1 }],
  ["an entry made through the API", { via: "api:ctok123" }],
];

describe("the chain's field list", () => {
  it("is in canonicalJson's key order, so the encoder writes the bytes entries were always hashed over", () => {
    const names = CHAIN_FIELDS.map((f) => f.name);
    expect(names).toEqual([...names].sort());
    expect(CHAIN_FIELDS[0].kind).not.toBe("optional"); // contentSql opens the object with the first field
  });

  it("names exactly the AuditEntry model's columns, on both databases", () => {
    for (const prisma of [SqlitePrisma, PostgresPrisma]) {
      expect([...ENTRY_COLUMNS].sort()).toEqual(Object.keys(prisma.AuditEntryScalarFieldEnum).sort());
    }
    expect(ENTRY_COLUMNS.slice(-2)).toEqual([...LINK_COLUMNS]);
  });

  // Hashes written by the code before this list existed (commit cdd3792): existing logs must still verify.
  it("hashes as the chain always did", () => {
    expect(entryHash(GENESIS_HASH, base)).toBe("f6fd16d48afa04935ddd152193c0ec5bcddda298b601ccbd2b37103958843d42");
    expect(entryHash(GENESIS_HASH, { ...base, via: "api:t1" })).toBe("91b7175f69cbf09f8a1b815aadc4bc4716ac34b8af2e08474ecb7c8f613a7b0f");
  });
});

describe("auditContentJson", () => {
  it.each(cases)("writes the same bytes as canonicalJson: %s", (_name, change) => {
    const content = { ...base, ...change };
    expect(auditContentJson(content)).toBe(canonicalJson(content));
  });

  it("changes when any listed field changes", () => {
    const before = auditContentJson({ ...base, via: "x" });
    for (const field of CHAIN_FIELDS) {
      const changed = { ...base, via: "x", [field.name]: field.kind === "int" ? 8 : `${String(base[field.name])}y` };
      expect(auditContentJson(changed), field.name).not.toBe(before);
    }
  });
});

describe("contentSql (SQLite's fast path)", () => {
  it.each(cases)("assembles the encoder's bytes from a stored row: %s", (_name, change) => {
    const content = { ...base, ...change };
    const conn = new Database(":memory:");
    try {
      conn.exec(`CREATE TABLE "AuditEntry" (${ENTRY_COLUMNS.map((c) => `"${c}" ${c === "seq" ? "INTEGER" : "TEXT"}`).join(", ")})`);
      const row = { ...content, via: content.via ?? null, at: content.at.replace("Z", "+00:00"), prevHash: GENESIS_HASH, hash: "h" };
      conn.prepare(`INSERT INTO "AuditEntry" (${ENTRY_COLUMNS_SQL}) VALUES (${ENTRY_COLUMNS.map((c) => `@${c}`).join(", ")})`).run(row);
      const stored = conn.prepare(`SELECT ${contentSql()} AS "content", "at" FROM "AuditEntry"`).get() as { content: string; at: string };
      expect(stored.content).toBe(auditContentJson(content));
      expect(isoAt(stored.at)).toBe(content.at);
    } finally {
      conn.close();
    }
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
