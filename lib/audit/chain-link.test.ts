import { describe, expect, it } from "vitest";
import { chainLinkProblem, hashRecomputes } from "./chain-link";
import { entryHash, GENESIS_HASH, type AuditContent, type StoredEntry } from "./hash";

const content = (seq: number, extra: Partial<AuditContent> = {}): AuditContent => ({
  seq,
  at: new Date(Date.UTC(2026, 0, 1, 0, 0, seq)).toISOString(),
  actorId: "u1",
  actorLabel: "erin@example.com",
  action: "request.approve",
  entityType: "ChangeRequest",
  entityId: "r1",
  clientId: "c1",
  before: null,
  after: `{"revisionSha":"${"a".repeat(64)}"}`,
  requestId: null,
  ...extra,
});

function chain(n: number): StoredEntry<Date>[] {
  const rows: StoredEntry<Date>[] = [];
  let prev = GENESIS_HASH;
  for (let seq = 1; seq <= n; seq++) {
    const c = content(seq, seq === 2 ? { via: "api:t1" } : {});
    const hash = entryHash(prev, c);
    rows.push({ ...c, at: new Date(c.at), prevHash: prev, hash });
    prev = hash;
  }
  return rows;
}

describe("chainLinkProblem", () => {
  const rows = chain(4);
  const head = { seq: 4, lastHash: rows[3].hash };

  it("accepts an entry in an intact chain: the first, a middle one (with via) and the head", () => {
    expect(chainLinkProblem(rows[0], undefined, rows[1], head)).toBeNull();
    expect(chainLinkProblem(rows[1], rows[0], rows[2], head)).toBeNull();
    expect(chainLinkProblem(rows[3], rows[2], undefined, head)).toBeNull();
  });

  it("refuses an entry whose content was edited", () => {
    const edited = { ...rows[1], after: `{"revisionSha":"${"b".repeat(64)}"}` };
    expect(hashRecomputes(edited)).toBe(false);
    expect(chainLinkProblem(edited, rows[0], rows[2], head)).toBe("entry #2's hash does not match its content");
  });

  it("refuses an entry inserted with a made-up predecessor, or with no entry after it below the head", () => {
    const c = content(3, { actorId: "u2" });
    const forged = { ...c, at: new Date(c.at), prevHash: "f".repeat(64), hash: entryHash("f".repeat(64), c) };
    expect(chainLinkProblem(forged, rows[1], rows[3], head)).toBe("entry #3 does not link to the entry before it");
    const linked = { ...c, at: new Date(c.at), prevHash: rows[1].hash, hash: entryHash(rows[1].hash, c) };
    expect(chainLinkProblem(linked, rows[1], rows[3], head)).toBe("entry #3 is not linked to by the entry after it");
    expect(chainLinkProblem(rows[2], rows[1], undefined, head)).toBe("entry #3 is not linked to by the entry after it");
  });

  it("refuses an entry beyond the head, and a head entry the head row does not name", () => {
    expect(chainLinkProblem(rows[3], rows[2], undefined, { seq: 3, lastHash: rows[2].hash })).toBe(
      "entry #4 lies beyond the log's head (#3)",
    );
    expect(chainLinkProblem(rows[3], rows[2], undefined, { seq: 4, lastHash: "0".repeat(64) })).toBe(
      "entry #4 is not linked to by the entry after it",
    );
  });

  it("refuses a first entry that does not start at the genesis", () => {
    const c = content(1);
    const first = { ...c, at: new Date(c.at), prevHash: "e".repeat(64), hash: entryHash("e".repeat(64), c) };
    expect(chainLinkProblem(first, undefined, rows[1], head)).toBe("entry #1 does not link to the entry before it");
  });
});
