import { describe, expect, it } from "vitest";
import { db, dbProvider } from "../db";
import { planCacheStats } from "./client";
import { makeUser } from "../../test/support/fixtures";
import { uniqueEmail } from "../../test/support/db";

// The compiled-plan cache (plan-cache.ts) on the real database: a repeated read reuses its plan
// and still answers with the current rows; different values, writes and "now" compile afresh.
describe("query plan cache", () => {
  const read = (id: string) => db.user.findUnique({ where: { id }, select: { id: true, name: true, disabled: true } });

  it("reuses the plan of a repeated read, and the answer follows the data", async () => {
    const user = await makeUser("ENGINEER");
    const before = planCacheStats(dbProvider());
    expect(await read(user.id)).toMatchObject({ id: user.id, disabled: false });
    const afterFirst = planCacheStats(dbProvider());
    expect(afterFirst.misses).toBe(before.misses + 1);

    await db.user.update({ where: { id: user.id }, data: { name: "Renamed Person", disabled: true } });
    expect(await read(user.id)).toEqual({ id: user.id, name: "Renamed Person", disabled: true });
    const afterSecond = planCacheStats(dbProvider());
    expect(afterSecond.hits).toBe(afterFirst.hits + 1);
    expect(afterSecond.misses).toBe(afterFirst.misses);
  });

  it("compiles a read with other values as a query of its own", async () => {
    const [a, b] = [await makeUser("AUDITOR"), await makeUser("AUDITOR")];
    await read(a.id);
    const before = planCacheStats(dbProvider());
    expect((await read(b.id))?.id).toBe(b.id);
    expect(planCacheStats(dbProvider()).misses).toBe(before.misses + 1);
  });

  it("leaves writes and reads holding a date to the compiler", async () => {
    const before = planCacheStats(dbProvider());
    const email = uniqueEmail("plan-cache");
    await db.user.create({ data: { email, name: "Plan Cache", role: "AUDITOR" } });
    await db.user.count({ where: { createdAt: { lt: new Date() } } });
    const after = planCacheStats(dbProvider());
    expect(after.skipped).toBeGreaterThanOrEqual(before.skipped + 2);
    expect(after.hits + after.misses).toBe(before.hits + before.misses);
  });

  it("shares frozen plans: a reused plan runs as often as it is asked for", async () => {
    const user = await makeUser("ADMIN");
    const before = planCacheStats(dbProvider());
    // Twenty reads at once compile one plan and run it twenty times, each with the right answer.
    // findFirst, because Prisma batches findUniques of one tick into one compileBatch call, which
    // this cache does not see.
    const first = (id: string) => db.user.findFirst({ where: { id }, select: { id: true, name: true, disabled: true } });
    const results = await Promise.all(Array.from({ length: 20 }, () => first(user.id)));
    expect(results).toEqual(Array.from({ length: 20 }, () => ({ id: user.id, name: user.name, disabled: false })));
    const afterBurst = planCacheStats(dbProvider());
    expect([afterBurst.misses - before.misses, afterBurst.hits - before.hits]).toEqual([1, 19]);
    // Inside a transaction the same plan runs on the transaction's connection.
    const inTx = await db.$transaction(async (tx) =>
      tx.user.findFirst({ where: { id: user.id }, select: { id: true, name: true, disabled: true } }),
    );
    expect(inTx).toEqual({ id: user.id, name: user.name, disabled: false });
    const afterTx = planCacheStats(dbProvider());
    expect([afterTx.misses - afterBurst.misses, afterTx.hits - afterBurst.hits]).toEqual([0, 1]);
  });
});
