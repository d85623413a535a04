import { afterAll, describe, expect, it } from "vitest";
import { db } from "../db";
import { appendAudit, appendAuditMany } from "./append";
import { verifyAuditChain } from "./verify";
import { execRaw } from "../../test/support/db";

const actor = { id: null, label: "integration-test" };

describe("the change log", () => {
  afterAll(async () => {
    await db.$disconnect();
  });

  it("keeps one unforked chain under concurrent appends", async () => {
    const before = await db.auditHead.findUniqueOrThrow({ where: { id: 1 } });
    await Promise.all(
      Array.from({ length: 25 }, (_, i) =>
        db.$transaction((tx) =>
          appendAudit(tx, { actor, action: "test.concurrent", entityType: "Test", entityId: String(i), after: { i } }),
        ),
      ),
    );
    const after = await db.auditHead.findUniqueOrThrow({ where: { id: 1 } });
    expect(after.seq - before.seq).toBe(25);
    const seqs = (await db.auditEntry.findMany({ where: { action: "test.concurrent" }, select: { seq: true } })).map((e) => e.seq);
    expect(new Set(seqs).size).toBe(seqs.length);
    expect((await verifyAuditChain(db)).ok).toBe(true);
  });

  it("appends a batch as one-by-one appends would: consecutive, in order, the chain continuing into the next append", async () => {
    const before = await db.auditHead.findUniqueOrThrow({ where: { id: 1 } });
    const batch = await db.$transaction((tx) =>
      appendAuditMany(
        tx,
        [0, 1, 2].map((i) => ({ actor, action: "test.batch" as const, entityType: "Test", entityId: String(i), after: { i } })),
      ),
    );
    const next = await db.$transaction((tx) => appendAudit(tx, { actor, action: "test.after_batch", entityType: "Test" }));
    expect(batch?.seq).toBe(before.seq + 3);
    expect(next.seq).toBe(before.seq + 4);
    const entries = await db.auditEntry.findMany({ where: { seq: { gt: before.seq, lte: before.seq + 4 } }, orderBy: { seq: "asc" } });
    expect(entries.map((e) => e.entityId)).toEqual(["0", "1", "2", null]);
    expect(entries[0].prevHash).toBe(before.lastHash);
    for (let k = 1; k < entries.length; k++) expect(entries[k].prevHash).toBe(entries[k - 1].hash);
    expect(await db.$transaction((tx) => appendAuditMany(tx, []))).toBeNull();
    expect((await verifyAuditChain(db)).ok).toBe(true);
  });

  it("rolls the entry back with the change it records", async () => {
    const before = await db.auditHead.findUniqueOrThrow({ where: { id: 1 } });
    await expect(
      db.$transaction(async (tx) => {
        await appendAudit(tx, { actor, action: "test.rolled_back", entityType: "Test" });
        throw new Error("the change failed");
      }),
    ).rejects.toThrow("the change failed");
    expect((await db.auditHead.findUniqueOrThrow({ where: { id: 1 } })).seq).toBe(before.seq);
    expect(await db.auditEntry.count({ where: { action: "test.rolled_back" } })).toBe(0);
  });

  it("refuses updates and deletes at the database", async () => {
    await db.$transaction((tx) => appendAudit(tx, { actor, action: "test.immutable", entityType: "Test" }));
    const entry = await db.auditEntry.findFirstOrThrow({ where: { action: "test.immutable" } });
    // (SQLite's trigger error reaches Prisma as a generic constraint error, so the row itself is the proof.)
    await expect(db.auditEntry.update({ where: { seq: entry.seq }, data: { actorLabel: "mallory" } })).rejects.toThrow();
    await expect(db.auditEntry.delete({ where: { seq: entry.seq } })).rejects.toThrow();
    await expect(db.$executeRawUnsafe(`DELETE FROM "AuditEntry"`)).rejects.toThrow();
    expect(await db.auditEntry.findUnique({ where: { seq: entry.seq } })).toEqual(entry);
  });

  it("names exactly the entry that was edited behind the portal's back", async () => {
    await db.$transaction(async (tx) => {
      for (let i = 0; i < 3; i++) await appendAudit(tx, { actor, action: "test.tamper", entityType: "Test", after: { i } });
    });
    const victim = (await db.auditEntry.findMany({ where: { action: "test.tamper" }, orderBy: { seq: "asc" } }))[1];
    await execRaw({ sqlite: `DROP TRIGGER "AuditEntry_no_update"`, postgresql: `DROP TRIGGER "AuditEntry_no_update" ON "AuditEntry"` });
    try {
      await db.$executeRawUnsafe(`UPDATE "AuditEntry" SET "after" = '{"i":99}' WHERE "seq" = ${victim.seq}`);
      const result = await verifyAuditChain(db);
      expect(result.ok).toBe(false);
      expect(result.firstBroken?.seq).toBe(victim.seq);
      expect(result.firstBroken?.reason).toMatch(/content does not match/);
    } finally {
      // Put the row back so later suites see a valid chain, then restore the trigger.
      await db.$executeRawUnsafe(`UPDATE "AuditEntry" SET "after" = '{"i":1}' WHERE "seq" = ${victim.seq}`);
      await execRaw({
        sqlite: `CREATE TRIGGER "AuditEntry_no_update" BEFORE UPDATE ON "AuditEntry" BEGIN SELECT RAISE(ABORT, 'AuditEntry is append-only'); END`,
        postgresql: `CREATE TRIGGER "AuditEntry_no_update" BEFORE UPDATE ON "AuditEntry" FOR EACH ROW EXECUTE FUNCTION "audit_entry_append_only"()`,
      });
    }
    expect((await verifyAuditChain(db)).ok).toBe(true);
  });
});
