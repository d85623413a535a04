import { afterAll, describe, expect, it } from "vitest";
import { db } from "../db";
import { appendAudit } from "./append";
import { verifyAuditChain } from "./verify";
import { verifyChainAt } from "./verify-url";
import { execRaw } from "../../test/support/db";

// Both verifiers — through Prisma (any database) and the fast path chosen by verifyChainAt
// (better-sqlite3 on SQLite) — must agree on where a damaged chain first breaks. Each test
// damages the log behind the portal's back and repairs it, so later suites see a valid chain.
const actor = { id: null, label: "integration-test" };
const run = `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`; // a database may hold earlier runs' entries
const url = process.env.DATABASE_URL!;
const both = async () => [await verifyAuditChain(db, 4), await verifyChainAt(url, db)];

async function appendThree(action: `test.${string}`) {
  await db.$transaction(async (tx) => {
    for (let i = 0; i < 3; i++) await appendAudit(tx, { actor, action: `${action}.${run}`, entityType: "Test", after: { i } });
  });
  return db.auditEntry.findMany({ where: { action: `${action}.${run}` }, orderBy: { seq: "asc" } });
}

const TRIGGERS = {
  update: {
    drop: { sqlite: `DROP TRIGGER "AuditEntry_no_update"`, postgresql: `DROP TRIGGER "AuditEntry_no_update" ON "AuditEntry"` },
    create: {
      sqlite: `CREATE TRIGGER "AuditEntry_no_update" BEFORE UPDATE ON "AuditEntry" BEGIN SELECT RAISE(ABORT, 'AuditEntry is append-only'); END`,
      postgresql: `CREATE TRIGGER "AuditEntry_no_update" BEFORE UPDATE ON "AuditEntry" FOR EACH ROW EXECUTE FUNCTION "audit_entry_append_only"()`,
    },
  },
  delete: {
    drop: { sqlite: `DROP TRIGGER "AuditEntry_no_delete"`, postgresql: `DROP TRIGGER "AuditEntry_no_delete" ON "AuditEntry"` },
    create: {
      sqlite: `CREATE TRIGGER "AuditEntry_no_delete" BEFORE DELETE ON "AuditEntry" BEGIN SELECT RAISE(ABORT, 'AuditEntry is append-only'); END`,
      postgresql: `CREATE TRIGGER "AuditEntry_no_delete" BEFORE DELETE ON "AuditEntry" FOR EACH ROW EXECUTE FUNCTION "audit_entry_append_only"()`,
    },
  },
};

async function withoutTrigger(kind: keyof typeof TRIGGERS, body: () => Promise<void>) {
  await execRaw(TRIGGERS[kind].drop);
  try {
    await body();
  } finally {
    await execRaw(TRIGGERS[kind].create);
  }
}

/** Deletes the entries, runs `check`, then inserts the exact rows again (inserts stay allowed). */
async function withDeleted(seqs: number[], check: () => Promise<void>) {
  const rows = await db.auditEntry.findMany({ where: { seq: { in: seqs } } });
  await withoutTrigger("delete", async () => {
    await db.auditEntry.deleteMany({ where: { seq: { in: seqs } } });
    try {
      await check();
    } finally {
      for (const row of rows) await db.auditEntry.create({ data: row });
    }
  });
}

describe("verifying the chain", () => {
  afterAll(async () => {
    await db.$disconnect();
  });

  it("passes an intact chain, including entries with unusual characters", async () => {
    await db.$transaction((tx) =>
      appendAudit(tx, {
        actor: { id: null, label: 'quote " back\\slash \u0001 \u007f \u2028 ☃ 𝄞' },
        action: "test.verify.chars",
        entityType: "Test",
        after: { s: "\ud83d\ude00 \n\t\f\b" },
      }),
    );
    const head = await db.auditHead.findUniqueOrThrow({ where: { id: 1 } });
    for (const result of await both()) expect(result).toMatchObject({ ok: true, checked: head.seq });
  });

  it("names the missing entry when one is deleted from the middle", async () => {
    const [, middle] = await appendThree("test.verify.delete_middle");
    await withDeleted([middle.seq], async () => {
      for (const result of await both()) {
        expect(result.ok).toBe(false);
        expect(result.firstBroken).toMatchObject({ seq: middle.seq, missing: true });
        expect(result.firstBroken?.reason).toMatch(`entry ${middle.seq + 1} follows entry ${middle.seq - 1}`);
        expect(result.checked).toBe(middle.seq - 1);
      }
    });
    for (const result of await both()) expect(result.ok).toBe(true);
  });

  it("names the first missing entry when the newest ones are deleted", async () => {
    const [, second, third] = await appendThree("test.verify.delete_tail");
    await withDeleted([second.seq, third.seq], async () => {
      for (const result of await both()) {
        expect(result.firstBroken).toMatchObject({ seq: second.seq, missing: true });
        expect(result.firstBroken?.reason).toMatch(/every later entry up to the head/);
      }
    });
    for (const result of await both()) expect(result.ok).toBe(true);
  });

  it("notices an entry inserted beyond the chain head", async () => {
    const [, , last] = await appendThree("test.verify.forged");
    // The database must allow inserts (appends); this one skips appendAudit and so the head.
    const forged = { ...last, seq: last.seq + 1, hash: "f".repeat(64), prevHash: last.hash, actorLabel: "mallory" };
    await db.auditEntry.create({ data: forged });
    try {
      for (const result of await both()) {
        expect(result.firstBroken).toEqual({
          seq: forged.seq,
          kind: "beyond-head",
          reason: `entries up to ${forged.seq} were added beyond the chain head (entry ${last.seq}), not through the portal`,
        });
      }
    } finally {
      await withoutTrigger("delete", async () => {
        await db.auditEntry.delete({ where: { seq: forged.seq } });
      });
    }
    for (const result of await both()) expect(result.ok).toBe(true);
  });

  it("names an entry whose content was edited", async () => {
    const [first] = await appendThree("test.verify.edit");
    await withoutTrigger("update", async () => {
      await db.$executeRawUnsafe(`UPDATE "AuditEntry" SET "actorLabel" = 'mallory' WHERE "seq" = ${first.seq}`);
      try {
        for (const result of await both())
          expect(result.firstBroken).toEqual({ seq: first.seq, kind: "chain", reason: "its content does not match its hash" });
      } finally {
        await db.$executeRawUnsafe(`UPDATE "AuditEntry" SET "actorLabel" = 'integration-test' WHERE "seq" = ${first.seq}`);
      }
    });
    for (const result of await both()) expect(result.ok).toBe(true);
  });
});
