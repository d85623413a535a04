import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "../db";
import { onboardClient } from "../changes/onboard-client";
import { reviewQueue } from "../changes/queries";
import { makeUser } from "../../test/support/fixtures";
import { accountManager, listClients } from "./queries";

// Guards a bug: the client search and the review queue's client filter passed % and _ into
// LIKE as wildcards, so "50%" also found "500 Off" and "a_b" found "axb" (and "Ca Bo" through
// its slug, ca-bo); on PostgreSQL a backslash also escaped the next character. Runs on SQLite
// and on PostgreSQL.
// Letters only: a random tag with digits in it ("mx7zlb6hx50i") matched the search for "50" itself.
const run = Array.from({ length: 12 }, () => String.fromCharCode(97 + Math.floor(Math.random() * 26))).join("");
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

// The fleet page's figures link here with one account manager's id (`?owner=`).
describe("the client list of one account manager", () => {
  it("lists only their clients, with every other filter still applied, and knows who they are", async () => {
    const [mine, theirs] = [await makeUser("ACCOUNT_MANAGER"), await makeUser("ACCOUNT_MANAGER")];
    const tag = `Owned ${run}`;
    for (const [am, displayName] of [
      [mine, `${tag} one`],
      [mine, `${tag} two`],
      [theirs, `${tag} three`],
    ] as const)
      await onboardClient(am, { displayName, environment: "staging", region: "us-east-1", blueprintId: "stateless-web", sizeId: "small" });
    const listed = await listClients({ owner: mine.id });
    expect(listed.rows.map((r) => r.displayName).sort()).toEqual([`${tag} one`, `${tag} two`]);
    expect(listed.total).toBe(2);
    expect((await listClients({ owner: mine.id, q: "two" })).rows.map((r) => r.displayName)).toEqual([`${tag} two`]);
    expect((await listClients({ owner: theirs.id, status: "PENDING" })).total).toBe(1);
    expect(await accountManager(mine.id)).toEqual({ id: mine.id, name: mine.name });
    // An engineer is nobody's account manager, and an unknown id is nobody at all.
    expect(await accountManager((await makeUser("ENGINEER")).id)).toBeNull();
    expect(await accountManager("cm0-nobody")).toBeNull();
  });
});
