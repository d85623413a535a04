import { afterAll, describe, expect, it } from "vitest";
import { db } from "../db";
import { appendAudit } from "./append";
import { chainLinkProblems } from "./chain-entries";

// The executor counts an approval only when its change-log entry is a link of the chain
// (chainLinkProblems). Guards a bug found as a flaky launch on PostgreSQL ("0 of 1 approvals are
// valid: entry #86 is not linked to by the entry after it"): the newest entry's neighbours were
// read before the head, in two statements, so an append committed between them showed a head past
// the entry and no entry after it, and a valid approval was refused. Under READ COMMITTED each
// statement sees what the one before it saw, and more: the head must be read first.
const actor = { id: null, label: "integration-test" };

describe("checking an entry's links while others append", () => {
  afterAll(async () => {
    await db.$disconnect();
  });

  it("never calls the newest entry unlinked because an append committed during the check", async () => {
    const problems: string[] = [];
    for (let round = 0; round < 150; round++) {
      await db.$transaction((tx) => appendAudit(tx, { actor, action: "test.link_check", entityType: "Test", entityId: String(round) }));
      const newest = await db.auditEntry.findFirstOrThrow({ orderBy: { seq: "desc" } });
      const appending = Promise.all(
        [1, 2, 3].map((i) =>
          db.$transaction((tx) =>
            appendAudit(tx, { actor, action: "test.link_check_other", entityType: "Test", entityId: `${round}.${i}` }),
          ),
        ),
      );
      const [, found] = await Promise.all([appending, db.$transaction((tx) => chainLinkProblems(tx, [newest]))]);
      const problem = found.get(newest.seq);
      if (problem) problems.push(problem);
    }
    expect(problems).toEqual([]);
  });
});
