import "server-only";
import { db, dbProvider, type Db, type DbProvider } from "../db";
import { likeLiteral } from "../db/like";
import { AUDIT_ACTIONS } from "./actions";
import { AUDIT_PAGE_SIZE, type AuditFilters, type AuditSearch } from "./schemas";
import type { StoredEntry } from "./hash";
import { describeEntries } from "./names";

// Reading the change log: the browser's pages, one entry, and the batches behind exports.
// Every page is answered by an index within a bounded amount of work, at a million entries:
//  - newest first by `seq` (the primary key), keyset-paged with `before`;
//  - action, client and an account's actions ride the (action|clientId|actorId, seq) indexes;
//  - a date range becomes a seq range through the `at` index (entries are stamped under the
//    chain's head lock, so `at` never decreases along the chain);
//  - free text and actor labels that are not accounts have no index; a page examines at most
//    SCAN_LIMIT entries (those passing the indexed filters) and says how far back it looked.

type Where = NonNullable<NonNullable<Parameters<Db["auditEntry"]["findMany"]>[0]>["where"]>;

export interface AuditSource {
  db: Db;
  provider: DbProvider;
}
const appSource = (): AuditSource => ({ db, provider: dbProvider() });

export const SCAN_LIMIT = 50_000;

/** The columns a list of entries reads (everything but the chain's own fields). */
export const LIST_SELECT = {
  seq: true,
  at: true,
  actorId: true,
  actorLabel: true,
  action: true,
  entityType: true,
  entityId: true,
  clientId: true,
  before: true,
  after: true,
  via: true,
} as const;

export type AuditListEntry = Omit<StoredEntry<Date>, "requestId" | "prevHash" | "hash"> & {
  /** The entry as a sentence (describe.ts), with display names looked up for the whole page. */
  sentence: string;
};

export interface AuditPage {
  entries: AuditListEntry[];
  /** Client slugs for the clients on this page, by id. */
  clientSlugs: Record<string, string>;
  /** The cursor (`before`) for the next, older page; null at the oldest. */
  older: number | null;
  /** Set when the page examined a bounded window: the oldest entry it looked at. */
  searchedDownTo: number | null;
}

interface Scope {
  indexed: Where[];
  residual: Where | null;
  minSeq: number;
  maxSeq: number; // Infinity when unbounded
}

/** Turns the filters into index-served conditions, row-by-row conditions and a seq range; null when nothing can match. */
async function resolveScope(filters: AuditFilters, { db, provider }: AuditSource): Promise<Scope | null> {
  const [client, account, first, last] = await Promise.all([
    filters.client
      ? db.client.findFirst({ where: { OR: [{ slug: filters.client }, { id: filters.client }] }, select: { id: true } })
      : null,
    filters.actor?.includes("@") ? db.user.findUnique({ where: { email: filters.actor.toLowerCase() }, select: { id: true } }) : null,
    filters.from
      ? db.auditEntry.findFirst({ where: { at: { gte: filters.from } }, orderBy: [{ at: "asc" }, { seq: "asc" }], select: { seq: true } })
      : null,
    filters.toExclusive
      ? db.auditEntry.findFirst({
          where: { at: { lt: filters.toExclusive } },
          orderBy: [{ at: "desc" }, { seq: "desc" }],
          select: { seq: true },
        })
      : null,
  ]);
  if ((filters.from && !first) || (filters.toExclusive && !last)) return null;
  const indexed: Where[] = [];
  const residual: Where[] = [];
  if (filters.action) indexed.push({ action: filters.action });
  // An unknown client may still appear in old entries under its id, so the value is used as typed.
  if (filters.client) indexed.push({ clientId: client?.id ?? filters.client });
  if (filters.actor) {
    // An account's email finds everything that account did; any other label (system, tracker,
    // identity provider, an email that never had an account) is compared row by row.
    if (account) indexed.push({ actorId: account.id });
    else residual.push({ actorLabel: filters.actor });
  }
  if (filters.q) {
    // % and _ are taken literally on both databases (see db/like.ts); PostgreSQL needs ILIKE to
    // ignore case as SQLite's LIKE does.
    const contains = { contains: likeLiteral(filters.q), ...(provider === "postgresql" ? { mode: "insensitive" } : {}) } as {
      contains: string;
    };
    residual.push({
      OR: [{ action: contains }, { actorLabel: contains }, { entityId: contains }, { before: contains }, { after: contains }],
    });
  }
  // The seq bounds let the primary key serve the range; the `at` conditions keep it exact
  // should a clock ever have stepped back between two entries.
  if (filters.from) indexed.push({ at: { gte: filters.from } });
  if (filters.toExclusive) indexed.push({ at: { lt: filters.toExclusive } });
  const minSeq = first?.seq ?? 1;
  const maxSeq = last?.seq ?? Infinity;
  if (minSeq > maxSeq) return null;
  return { indexed, residual: residual.length ? { AND: residual } : null, minSeq, maxSeq };
}

const seqRange = (gte: number, lte: number): Where => ({ seq: lte === Infinity ? { gte } : { gte, lte } });

export async function listAuditEntries(
  search: AuditSearch,
  source: AuditSource = appSource(),
  { scanLimit = SCAN_LIMIT } = {},
): Promise<AuditPage> {
  const empty: AuditPage = { entries: [], clientSlugs: {}, older: null, searchedDownTo: null };
  const scope = await resolveScope(search, source);
  if (!scope) return empty;
  const upper = Math.min(scope.maxSeq, (search.before ?? Infinity) - 1);
  if (upper < scope.minSeq) return empty;
  let floor = scope.minSeq;
  let bounded = false;
  if (scope.residual) {
    // The scanLimit-th newest entry passing the indexed filters is as far back as this page looks.
    const edge = await source.db.auditEntry.findMany({
      where: { AND: [...scope.indexed, seqRange(scope.minSeq, upper)] },
      orderBy: { seq: "desc" },
      skip: scanLimit - 1,
      take: 1,
      select: { seq: true },
    });
    if (edge.length) [floor, bounded] = [edge[0].seq, true];
  }
  const rows = await source.db.auditEntry.findMany({
    where: { AND: [...scope.indexed, ...(scope.residual ? [scope.residual] : []), seqRange(floor, upper)] },
    orderBy: { seq: "desc" },
    take: AUDIT_PAGE_SIZE + 1,
    select: LIST_SELECT,
  });
  const page = rows.slice(0, AUDIT_PAGE_SIZE);
  const older = rows.length > AUDIT_PAGE_SIZE ? page[page.length - 1].seq : bounded && floor > scope.minSeq ? floor : null;
  const { entries, clientSlugs } = await describeEntries(source.db, page);
  return { entries, clientSlugs, older, searchedDownTo: bounded ? floor : null };
}

export async function getAuditEntry(seq: number, source: AuditSource = appSource()) {
  const stored = await source.db.auditEntry.findUnique({ where: { seq } });
  if (!stored) return null;
  const [described, newest] = await Promise.all([
    describeEntries(source.db, [stored]),
    source.db.auditHead.findUnique({ where: { id: 1 }, select: { seq: true } }),
  ]);
  const entry = described.entries[0];
  return { entry, clientSlug: entry.clientId ? (described.clientSlugs[entry.clientId] ?? null) : null, hasNewer: (newest?.seq ?? 0) > seq };
}

/**
 * The actions seen in the log (plus those the portal is known to write), for the filter's
 * suggestions. A recursive query hops from one distinct value to the next through the
 * (action, seq) index — a few dozen lookups rather than a scan of the whole log.
 */
export async function listAuditActions(source: AuditSource = appSource()): Promise<string[]> {
  const rows = await source.db.$queryRaw<{ action: string | null }[]>`
    WITH RECURSIVE seen("action") AS (
      SELECT MIN("action") FROM "AuditEntry"
      UNION ALL
      SELECT (SELECT MIN(e."action") FROM "AuditEntry" e WHERE e."action" > seen."action") FROM seen WHERE seen."action" IS NOT NULL
    )
    SELECT "action" FROM seen WHERE "action" IS NOT NULL LIMIT 500`;
  return [...new Set([...AUDIT_ACTIONS, ...rows.map((r) => r.action!)])].sort();
}

/**
 * Every matching entry, oldest first, in batches: exports stream these without holding the
 * result. Entries appended after the export starts are left to the next export.
 */
export async function* auditEntryBatches(filters: AuditFilters, source: AuditSource = appSource(), batchSize = 2_000) {
  const scope = await resolveScope(filters, source);
  if (!scope) return;
  const head = await source.db.auditHead.findUnique({ where: { id: 1 }, select: { seq: true } });
  const upper = Math.min(scope.maxSeq, head?.seq ?? 0);
  let after = scope.minSeq - 1;
  while (after < upper) {
    const rows = await source.db.auditEntry.findMany({
      where: { AND: [...scope.indexed, ...(scope.residual ? [scope.residual] : []), { seq: { gt: after, lte: upper } }] },
      orderBy: { seq: "asc" },
      take: batchSize,
    });
    if (rows.length === 0) return;
    yield rows;
    if (rows.length < batchSize) return;
    after = rows[rows.length - 1].seq;
  }
}
