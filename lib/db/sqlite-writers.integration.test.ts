import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { afterAll, describe, expect, it } from "vitest";
import { createDb } from "./client";
import { databaseTarget } from "./target.mjs";
import { makeUser } from "../../test/support/fixtures";

// Two processes on one SQLite file (the portal and a separate worker, or a test and the worker it
// started). A transaction that reads and then writes must not fail because the other process wrote
// in between: with SQLite's default (deferred) BEGIN it did, with "database is locked" at once (in
// WAL mode a reader whose snapshot another connection has written past cannot become the writer,
// and SQLite does not wait). Found as a flaky PrismaClientKnownRequestError in the recreate suite.
const url = process.env.DATABASE_URL ?? "";
const run = promisify(execFile);

/** Another process's write, as the worker would make it: better-sqlite3 with the portal's busy timeout. */
function writeFromAnotherProcess(file: string, userId: string) {
  const script = `const D = require("better-sqlite3"); const d = new D(process.argv[1], { timeout: 10000 });
d.prepare('UPDATE "User" SET "disabled" = 1 WHERE "id" = ?').run(process.argv[2]); d.close();`;
  return run(process.execPath, ["-e", script, file, userId]);
}

describe.runIf(url.startsWith("file:"))("a transaction on SQLite while another process writes", () => {
  const { db } = createDb(url);
  afterAll(() => db.$disconnect());

  it("reads and then writes one consistent state; the other process's write waits and lands after it", async () => {
    const user = await makeUser("ENGINEER");
    const file = (databaseTarget(url) as { file: string }).file;
    let other: ReturnType<typeof writeFromAnotherProcess> | undefined;
    const updated = await db.$transaction(async (tx) => {
      const before = await tx.user.findUniqueOrThrow({ where: { id: user.id } });
      other = writeFromAnotherProcess(file, user.id);
      await new Promise((resolve) => setTimeout(resolve, 500)); // the other process has long started
      return tx.user.update({ where: { id: user.id }, data: { name: `${before.name} (first)` } });
    });
    await other;
    expect(updated).toMatchObject({ name: `${user.name} (first)`, disabled: false });
    expect(await db.user.findUniqueOrThrow({ where: { id: user.id } })).toMatchObject({ name: updated.name, disabled: true });
  });
});
