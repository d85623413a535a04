import { execFileSync } from "node:child_process";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "../db";
import { listBlueprints } from "../catalog";
import { listClients, countClientsBehind } from "../clients/queries";
import { verifyAuditChain } from "../audit/verify";
import { fleetClientPlan, fleetSlug } from "../../test/support/fleet-plan";
import { fleetGroups, fleetHealthFigures, fleetPage } from "./overview";
import { makeClientRow, makeUser } from "../../test/support/fixtures";
import { fleetHealth, type FleetGroup } from "./view";

// The fleet's one aggregate query (raw SQL, so it must mean the same on SQLite and PostgreSQL),
// measured against a fleet written by `npm run seed:fleet` itself, and the clients list's health
// filters the fleet page links to, paged by keyset. Other suites' clients share the database, so
// the aggregate is compared as the difference the seed made.
const prefix = `f${Date.now().toString(36)}${Math.random().toString(36).slice(2, 5)}`;
const COUNT = 120;
const plans = Array.from({ length: COUNT }, (_, k) => ({ i: k + 1, slug: fleetSlug(prefix, k + 1), ...fleetClientPlan(k + 1) }));
const current = listBlueprints().find((b) => b.id === "stateless-web")!.version;

const key = (g: FleetGroup) => `${g.blueprintId}|${g.version}|${g.status}|${g.live}|${g.drifted}`;
function difference(after: FleetGroup[], before: FleetGroup[]): FleetGroup[] {
  const was = new Map(before.map((g) => [key(g), g.count]));
  return after.map((g) => ({ ...g, count: g.count - (was.get(key(g)) ?? 0) })).filter((g) => g.count !== 0);
}
const sorted = (groups: FleetGroup[]) => [...groups].sort((a, b) => key(a).localeCompare(key(b)));

let before: FleetGroup[];
let after: FleetGroup[];
let healthBefore: Awaited<ReturnType<typeof fleetHealthFigures>>["health"];
let behindBefore: number;

beforeAll(async () => {
  before = await fleetGroups();
  healthBefore = (await fleetHealthFigures()).health;
  behindBefore = await countClientsBehind();
  execFileSync(
    "node_modules/.bin/tsx",
    ["--conditions=react-server", "scripts/seed-fleet.ts", "--clients", String(COUNT), "--prefix", prefix, "--skip-migrate"],
    {
      env: process.env,
      stdio: "pipe",
    },
  );
  after = await fleetGroups();
}, 180_000);
afterAll(async () => {
  await db.$disconnect();
});

describe("the fleet aggregate", () => {
  it("counts the seeded clients by blueprint, version (null for an unrecorded 1.0.0), status and drift", () => {
    const expected = new Map<string, FleetGroup>();
    for (const p of plans) {
      const g: FleetGroup = {
        blueprintId: "stateless-web",
        version: p.updated ? current : p.unrecorded ? null : "1.0.0",
        status: p.status,
        live: true,
        drifted: p.drifted,
        count: 1,
      };
      const had = expected.get(key(g));
      expected.set(key(g), had ? { ...had, count: had.count + 1 } : g);
    }
    expect(sorted(difference(after, before))).toEqual(sorted([...expected.values()]));
  });

  it("gives health figures that agree with the clients list's own filters", async () => {
    const { health } = await fleetHealthFigures();
    const delta = Object.fromEntries(Object.entries(health).map(([k, v]) => [k, v - healthBefore[k as keyof typeof health]]));
    expect(delta).toEqual({
      live: COUNT,
      behind: plans.filter((p) => !p.updated).length,
      failed: 1, // client 7
      degraded: 2, // 3, 70
      drifted: 3, // 11, 61, 111
      inFlight: 2, // 5, 102
    });
    expect(fleetHealth(difference(after, before), listBlueprints()).behind).toBe(delta.behind);
    expect((await countClientsBehind()) - behindBefore).toBe(delta.behind);
  });
});

describe("the clients list's health filters", () => {
  const slugs = (filter: (p: (typeof plans)[number]) => boolean) => plans.filter(filter).map((p) => p.slug);

  it.each([
    ["failed", { status: "FAILED" }, slugs((p) => p.status === "FAILED")],
    ["degraded", { status: "DEGRADED" }, slugs((p) => p.status === "DEGRADED")],
    ["drifted", { drifted: true }, slugs((p) => p.drifted)],
    ["in flight", { inFlight: true }, slugs((p) => p.status === "UPDATING")],
    ["in flight and failed (no such client)", { inFlight: true, status: "FAILED" }, []],
  ])("finds the %s ones", async (_name, filter, expected) => {
    const page = await listClients({ q: prefix, ...filter });
    expect(page.rows.map((r) => r.slug)).toEqual(expected);
    expect(page.total).toBe(expected.length);
  });

  it("pages through the clients behind by keyset, every one once, the filter kept", async () => {
    const expected = slugs((p) => !p.updated);
    expect(expected.length).toBeGreaterThan(25); // more than one page
    const seen: string[] = [];
    let after: string | undefined;
    do {
      const page = await listClients({ q: prefix, behind: true, after });
      expect(page.total).toBe(expected.length);
      seen.push(...page.rows.map((r) => r.slug));
      after = page.nextCursor;
    } while (after);
    expect(seen).toEqual(expected);
  });
});

describe("the seeded history", () => {
  it("gives every client a current revision, its requests and approvals, and keeps the change log's chain intact", async () => {
    const clients = await db.client.findMany({
      where: { slug: { startsWith: `${prefix}-` } },
      select: { currentRevision: { select: { number: true } }, _count: { select: { requests: true, revisions: true } } },
    });
    expect(clients).toHaveLength(COUNT);
    for (const c of clients) expect(c.currentRevision).not.toBeNull();
    expect(await db.approval.count({ where: { request: { client: { slug: { startsWith: `${prefix}-` } } } } })).toBeGreaterThanOrEqual(
      clients.reduce((n, c) => n + c._count.requests, 0),
    );
    expect(await db.auditEntry.count({ where: { action: "client.create", after: { contains: prefix } } })).toBe(COUNT);
    const chain = await verifyAuditChain(db);
    expect(chain.firstBroken).toBeUndefined();
    expect(chain.ok).toBe(true);
  });
});

describe("one account manager's fleet", () => {
  it("counts only that account manager's clients, the same way", async () => {
    const owned = await db.client.findMany({ where: { slug: { startsWith: `${prefix}-` } }, select: { ownerId: true } });
    const ownerId = owned[0].ownerId;
    const theirs = await fleetGroups({ ownerId });
    const total = theirs.reduce((n, g) => n + g.count, 0);
    expect(total).toBe(await db.client.count({ where: { ownerId } }));
    expect(total).toBeLessThan(after.reduce((n, g) => n + g.count, 0));
    expect(await fleetGroups({ ownerId: "nobody-has-this-id" })).toEqual([]);
  });

  it("is what the fleet page shows for an account manager on the list; an id not on it shows everyone, named under the field", async () => {
    const engineer = await makeUser("ENGINEER");
    const owned = await db.client.findFirstOrThrow({ where: { slug: { startsWith: `${prefix}-` } }, select: { ownerId: true } });
    const live = (groups: FleetGroup[]) => groups.filter((g) => g.live).reduce((n, g) => n + g.count, 0);
    const mine = await fleetPage(engineer, { ownerId: owned.ownerId });
    expect(mine.owner?.id).toBe(owned.ownerId);
    expect(mine.errors).toEqual({});
    expect(mine.health.live).toBe(live(await fleetGroups({ ownerId: owned.ownerId })));
    expect(mine.figures.every((f) => f.href.endsWith(`&owner=${owned.ownerId}`))).toBe(true);

    const unknown = await fleetPage(engineer, { ownerId: "nobody-has-this-id" });
    expect(unknown.owner).toBeUndefined();
    expect(unknown.errors).toEqual({ ownerId: ["Choose an account manager from the list."] });
    expect(unknown.health.live).toBe(live(await fleetGroups()));
    expect(unknown.figures.map((f) => f.href)).not.toContain(expect.stringContaining("owner="));
    expect((await fleetPage(engineer, {})).health.live).toBe(unknown.health.live);
  });
});

// The groups are kept between page views (overview.ts): what a page shows must still move with
// the very next client write, for everyone's figures and for one account manager's.
describe("the groups kept between page views", () => {
  const group = (status: string, count: number): FleetGroup => ({
    blueprintId: "stateless-web",
    version: null,
    status,
    live: false,
    drifted: false,
    count,
  });
  const counted = (groups: FleetGroup[], status: string) => groups.filter((g) => g.status === status).reduce((t, g) => t + g.count, 0);
  const newClient = (ownerId: string, n: number) => makeClientRow(ownerId, { name: `${prefix} kept ${n}` });

  it("show a client's new status at once, however many views ask together", async () => {
    const owner = await makeUser("ACCOUNT_MANAGER");
    expect(await fleetGroups({ ownerId: owner.id })).toEqual([]);
    const everyone = await fleetGroups();
    const first = await newClient(owner.id, 1);
    expect(await fleetGroups({ ownerId: owner.id })).toEqual([group("ACTIVE", 1)]);
    await db.client.update({ where: { id: first.id }, data: { status: "DEGRADED" } });
    const views = await Promise.all(Array.from({ length: 10 }, () => fleetGroups({ ownerId: owner.id })));
    for (const view of views) expect(view).toEqual([group("DEGRADED", 1)]);
    // Other suites add clients meanwhile: everyone's figures moved by this one at least.
    expect(counted(await fleetGroups(), "DEGRADED")).toBeGreaterThanOrEqual(counted(everyone, "DEGRADED") + 1);
  });

  it("show a write stamped before the newest one (a slow commit, a clock behind) while the newest is recent", async () => {
    const owner = await makeUser("ACCOUNT_MANAGER");
    const first = await newClient(owner.id, 2);
    const second = await newClient(owner.id, 3);
    expect(await fleetGroups({ ownerId: owner.id })).toEqual([group("ACTIVE", 2)]);
    // The fleet's newest stamp does not move: this write says it happened two seconds earlier.
    await db.client.update({ where: { id: first.id }, data: { status: "FAILED", updatedAt: new Date(second.updatedAt.getTime() - 2000) } });
    expect(sortedByStatus(await fleetGroups({ ownerId: owner.id }))).toEqual([group("ACTIVE", 1), group("FAILED", 1)]);
  });
  const sortedByStatus = (groups: FleetGroup[]) => [...groups].sort((a, b) => a.status.localeCompare(b.status));
});
