import { afterAll, describe, expect, it } from "vitest";
import { db } from "../db";
import { appendAudit } from "./append";
import { verifyAuditChain } from "./verify";
import { verifyChainAt } from "./verify-url";
import { execRaw } from "../testing/db";

// Both verifiers — through Prisma (any database) and the fast path chosen by verifyChainAt
// (better-sqlite3 on SQLite) — must agree on where a damaged chain first breaks.
const actor = { id: null, label: "integration-test" };
const run = `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`; // a database may hold earlier runs' entries
const url = process.env.DATABASE_URL!;
const both = async () => [await verifyAuditChain(db, 4), await verifyChainAt(url, db)];

async function appendThree(action: string) {
  await db.$transaction(async (tx) => {
    for (let i = 0; i < 3; i++) await appendAudit(tx, { actor, action: `${action}.${run}`, entityType: "Test", after: { i } });
  });
  return db.auditEntry.findMany({ where: { action: `${action}.${run}` }, orderBy: { seq: "asc" } });
}

/** Runs `damage` with the delete trigger dropped, then puts the rows and the trigger back. */
async function withDeleted(seqs: number[], check: () => Promise<void>) {
  const rows = await db.auditEntry.findMany({ where: { seq: { in: seqs } } });
  await execRaw({ sqlite: `DROP TRIGGER "AuditEntry_no_delete"`, postgresql: `DROP TRIGGER "AuditEntry_no_delete" ON "AuditEntry"` });
  try {
    await db.auditEntry.deleteMany({ where: { seq: { in: seqs } } });
    await check();
  } finally {
    // Inserting is still allowed, so the exact rows go back and later suites see a valid chain.
    for (const row of rows) if (!(await db.auditEntry.findUnique({ where: { seq: row.seq } }))) await db.auditEntry.create({ data: row });
    await execRaw({
      sqlite: `CREATE TRIGGER "AuditEntry_no_delete" BEFORE DELETE ON "AuditEntry" BEGIN SELECT RAISE(ABORT, 'AuditEntry is append-only'); END`,
      postgresql: `CREATE TRIGGER "AuditEntry_no_delete" BEFORE DELETE ON "AuditEntry" FOR EACH ROW EXECUTE FUNCTION "audit_entry_append_only"()`,
    });
  }
}

describe("verifying the chain", () => {
  afterAll(async () => {
    await db.$disconnect();
  });

  it("passes an intact chain, including entries with unusual characters", async () => {
    await db.$transaction((tx) =>
      appendAudit(tx, { actor: { id: null, label: 'quote " back\\slash \u0001 \u007f \u2028 ☃ 𝄞' }, action: "test.verify.chars", entityType: "Test", after: { s: "\ud83d\ude00 \n\t\f\b" } }),
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

  it("names an entry whose content was edited", async () => {
    const [first] = await appendThree("test.verify.edit");
    await execRaw({ sqlite: `DROP TRIGGER "AuditEntry_no_update"`, postgresql: `DROP TRIGGER "AuditEntry_no_update" ON "AuditEntry"` });
    try {
      await db.$executeRawUnsafe(`UPDATE "AuditEntry" SET "actorLabel" = 'mallory' WHERE "seq" = ${first.seq}`);
      for (const result of await both()) expect(result.firstBroken).toEqual({ seq: first.seq, reason: "its content does not match its hash" });
    } finally {
      await db.$executeRawUnsafe(`UPDATE "AuditEntry" SET "actorLabel" = 'integration-test' WHERE "seq" = ${first.seq}`);
      await execRaw({
        sqlite: `CREATE TRIGGER "AuditEntry_no_update" BEFORE UPDATE ON "AuditEntry" BEGIN SELECT RAISE(ABORT, 'AuditEntry is append-only'); END`,
        postgresql: `CREATE TRIGGER "AuditEntry_no_update" BEFORE UPDATE ON "AuditEntry" FOR EACH ROW EXECUTE FUNCTION "audit_entry_append_only"()`,
      });
    }
    for (const result of await both()) expect(result.ok).toBe(true);
  });
});
