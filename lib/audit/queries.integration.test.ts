import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { db } from "../db";
import { appendAudit, type AuditInput } from "./append";
import { getAuditEntry, listAuditActions, listAuditEntries, type AuditPage } from "./queries";
import { parseAuditSearch, type AuditSearch } from "./schemas";
import { uniqueEmail } from "../../test/support/db";

// The log browser's queries against a real database, with entries this suite writes (each
// run tags its own actions, so earlier runs and other suites' entries never interfere).
const run = `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
const act = (name: string) => `test.${name}.${run}` as const;
const system = { id: null, label: "integration-test" };
let person: { id: string; email: string };
let client: { id: string; slug: string };

async function append(entries: AuditInput[]) {
  await db.$transaction(async (tx) => {
    for (const e of entries) await appendAudit(tx, e);
  });
}

const search = (raw: Record<string, string>): AuditSearch => {
  const parsed = parseAuditSearch(raw);
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.fieldErrors));
  return parsed.search;
};
const seqsOf = (page: AuditPage) => page.entries.map((e) => e.seq);
const storedSeqs = async (action: string) =>
  (await db.auditEntry.findMany({ where: { action }, select: { seq: true }, orderBy: { seq: "desc" } })).map((e) => e.seq);

/** Follows the "older" cursor to the end, as a person clicking through would. */
async function allPages(raw: Record<string, string>, options?: { scanLimit: number }) {
  const pages: AuditPage[] = [];
  let before: number | null | undefined;
  do {
    const page = await listAuditEntries(search({ ...raw, ...(before ? { before: String(before) } : {}) }), undefined, options);
    pages.push(page);
    before = page.older;
  } while (before && pages.length < 100);
  return pages;
}

beforeAll(async () => {
  const user = await db.user.create({ data: { email: uniqueEmail("audit-actor"), name: "Audit Actor", role: "ENGINEER" } });
  person = { id: user.id, email: user.email };
  const slug = `audit-q-${run}`;
  client = await db.client.create({
    data: {
      slug,
      displayName: "Audit Query Co",
      blueprintId: "stateless-web",
      sizeId: "small",
      environment: "staging",
      region: "us-east-1",
      ownerId: user.id,
      status: "ACTIVE",
      stackName: `${slug}-stateless-web-staging`,
    },
    select: { id: true, slug: true },
  });
  await append([
    ...Array.from({ length: 120 }, (_, i): AuditInput => ({
      actor: system,
      action: act("page"),
      entityType: "Test",
      entityId: `page-${i}`,
    })),
    ...Array.from({ length: 3 }, (_, i): AuditInput => ({
      actor: system,
      action: act("client"),
      entityType: "Client",
      entityId: client.id,
      clientId: client.id,
      after: { i },
    })),
    { actor: { id: person.id, label: person.email }, action: act("by-person"), entityType: "Test" },
    { actor: { id: person.id, label: person.email }, action: act("by-person"), entityType: "Test" },
    { actor: { id: null, label: `label-${run}` }, action: act("by-label"), entityType: "Test" },
    {
      actor: system,
      action: act("text"),
      entityType: "Test",
      entityId: `entity-${run}`,
      after: { note: `the needle-${run}, "quoted"\nand more` },
    },
    ...Array.from({ length: 30 }, (): AuditInput => ({ actor: system, action: act("filler"), entityType: "Test" })),
  ]);
});

afterAll(async () => {
  vi.useRealTimers();
  await db.$disconnect();
});

describe("keyset pages", () => {
  it("walk the whole filtered log newest first without overlapping or skipping", async () => {
    const pages = await allPages({ action: act("page") });
    expect(pages.map((p) => p.entries.length)).toEqual([50, 50, 20]);
    const seqs = pages.flatMap(seqsOf);
    expect(seqs).toEqual(await storedSeqs(act("page")));
    expect(seqs).toEqual([...seqs].sort((a, b) => b - a));
    expect(pages.at(-1)!.older).toBeNull();
  });

  it("start the unfiltered log at the newest entry", async () => {
    const head = await db.auditHead.findUniqueOrThrow({ where: { id: 1 } });
    const page = await listAuditEntries({});
    expect(page.entries[0].seq).toBe(head.seq);
    expect(page.entries).toHaveLength(50);
    expect(page.older).toBe(page.entries[49].seq);
  });
});

describe("filters", () => {
  it.each([
    ["slug", () => client.slug],
    ["id", () => client.id],
  ])("find a client's entries by its %s, and name the client", async (_by, value) => {
    const page = await listAuditEntries(search({ client: value() }));
    expect(page.entries.map((e) => e.action)).toEqual([act("client"), act("client"), act("client")]);
    expect(page.clientSlugs).toEqual({ [client.id]: client.slug });
  });

  it("find what an account did by its email, in any case", async () => {
    const page = await listAuditEntries(search({ actor: person.email.toUpperCase() }));
    expect(page.entries.map((e) => [e.action, e.actorId])).toEqual([
      [act("by-person"), person.id],
      [act("by-person"), person.id],
    ]);
  });

  it("find a label that is not an account", async () => {
    const page = await listAuditEntries(search({ actor: `label-${run}` }));
    expect(page.entries.map((e) => e.action)).toEqual([act("by-label")]);
  });

  it.each([
    ["the after document, ignoring case", () => `NEEDLE-${run}`],
    ["text with a quote in it", () => `needle-${run}, \\"quoted`],
    ["the entity id", () => `entity-${run}`],
    ["the actor label", () => `label-${run}`],
    ["the action", () => act("by-label")],
  ])("match free text in %s", async (_where, q) => {
    const page = await listAuditEntries(search({ q: q() }));
    expect(page.entries).toHaveLength(1);
    expect([act("text"), act("by-label")]).toContain(page.entries[0].action);
  });

  it.each(["%", "_"])("take %s in free text literally, not as a wildcard", async (wildcard) => {
    expect((await listAuditEntries(search({ q: `needle${wildcard}${run}` }))).entries).toEqual([]);
  });

  it("combine filters", async () => {
    expect(seqsOf(await listAuditEntries(search({ action: act("client"), client: client.slug, q: '"i":1' })))).toHaveLength(1);
    expect(seqsOf(await listAuditEntries(search({ action: act("page"), client: client.slug })))).toEqual([]);
  });

  it("answer an unknown client, actor or action with no entries", async () => {
    for (const raw of [{ client: `no-such-${run}` }, { actor: `nobody-${run}@example.com` }, { action: act("never") }] as Record<
      string,
      string
    >[]) {
      expect(await listAuditEntries(search(raw))).toEqual({ entries: [], clientSlugs: {}, older: null, searchedDownTo: null });
    }
  });
});

describe("a bounded text search", () => {
  it("says how far back it looked and finds the rest on the following pages", async () => {
    const q = `needle-${run}`;
    // Thirty filler entries sit above the match: a ten-entry window cannot reach it at first.
    const first = await listAuditEntries(search({ q }), undefined, { scanLimit: 10 });
    expect(first.entries).toEqual([]);
    expect(first.searchedDownTo).not.toBeNull();
    expect(first.older).toBe(first.searchedDownTo);
    const pages = await allPages({ q, action: act("text") }, { scanLimit: 10 });
    expect(pages.flatMap(seqsOf)).toEqual(await storedSeqs(act("text")));
    const walked = (await allPages({ q }, { scanLimit: 40 })).flatMap(seqsOf);
    expect(walked).toEqual(seqsOf(await listAuditEntries(search({ q }), undefined, { scanLimit: 1_000_000 })));
  });
});

describe("a date range (UTC, inclusive of the end day)", () => {
  it("finds entries by the day they were written", async () => {
    // Stamp three entries two days apart, a century ahead so nothing else falls in between.
    const base = Date.now() + 100 * 365 * 24 * 3600 * 1000;
    const day = (offset: number) => new Date(base + offset * 24 * 3600 * 1000).toISOString().slice(0, 10);
    vi.useFakeTimers({ toFake: ["Date"] });
    try {
      for (const offset of [0, 2, 4]) {
        vi.setSystemTime(base + offset * 24 * 3600 * 1000);
        await append([{ actor: system, action: act("dated"), entityType: "Test", entityId: `day-${offset}` }]);
      }
    } finally {
      vi.useRealTimers();
    }
    const ids = async (raw: Record<string, string>) =>
      (await listAuditEntries(search({ action: act("dated"), ...raw }))).entries.map((e) => e.entityId);
    expect(await ids({ from: day(1), to: day(3) })).toEqual(["day-2"]);
    expect(await ids({ from: day(2), to: day(2) })).toEqual(["day-2"]);
    expect(await ids({ from: day(3) })).toEqual(["day-4"]);
    expect(await ids({ to: day(0) })).toEqual(["day-0"]);
    expect(await ids({ from: day(5) })).toEqual([]);
  });
});

describe("one entry and the action list", () => {
  it("reads one entry with its client, and nothing for an unknown number", async () => {
    const [seq] = await storedSeqs(act("client"));
    const found = await getAuditEntry(seq);
    expect(found).toMatchObject({ entry: { seq, action: act("client"), after: '{"i":2}' }, clientSlug: client.slug });
    const head = await db.auditHead.findUniqueOrThrow({ where: { id: 1 } });
    expect(await getAuditEntry(head.seq + 1000)).toBeNull();
  });

  it("lists the actions in the log along with the known ones", async () => {
    const actions = await listAuditActions();
    expect(actions).toEqual(expect.arrayContaining([act("page"), act("text"), "user.signin", "request.approve"]));
    expect(actions).toEqual([...actions].sort());
  });
});
