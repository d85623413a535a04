import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "../db";
import { onboardClient } from "../changes/onboard-client";
import { reviewQueue } from "../changes/queries";
import { makeUser } from "../../test/support/fixtures";
import { listClients } from "./queries";

// Guards a bug: the client search and the review queue's client filter passed % and _ into
// LIKE as wildcards, so "50%" also found "500 Off" and "a_b" found "axb" (and "Ca Bo" through
// its slug, ca-bo); on PostgreSQL a backslash also escaped the next character. Runs on SQLite
// and on PostgreSQL.
const run = `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
const names = ["50% Off", "500 Off", "a_b", "axb", "Ca Bo", "back\\slash", "backslash"].map((n) => `${n} ${run}`);

beforeAll(async () => {
  const am = await makeUser("ACCOUNT_MANAGER");
  for (const displayName of names)
    await onboardClient(am, { displayName, environment: "staging", region: "us-east-1", blueprintId: "stateless-web", sizeId: "small" });
});
afterAll(async () => {
  await db.$disconnect();
});

const ours = (found: string[]) => found.filter((n) => n.endsWith(` ${run}`)).sort();

describe.each([
  ["the client list", async (q: string) => (await listClients({ q })).rows.map((r) => r.displayName)],
  ["the review queue", async (q: string) => (await reviewQueue({ client: q })).rows.map((r) => r.client.displayName)],
])("searching %s", (_where, search) => {
  it.each([
    ["50%", ["50% Off"]],
    ["a_b", ["a_b"]],
    ["k\\s", ["back\\slash"]],
    ["50", ["50% Off", "500 Off"]],
  ])("for %s finds only names containing it", async (q, expected) => {
    const found = await search(q);
    expect(ours(found)).toEqual(expected.map((n) => `${n} ${run}`).sort());
    // Other suites' clients share the database: whatever else is found must contain the text too.
    expect(found.filter((n) => !n.toLowerCase().includes(q.toLowerCase()))).toEqual([]);
  });
});
