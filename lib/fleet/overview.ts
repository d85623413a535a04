import "server-only";
import { LRUCache } from "lru-cache";
import { db } from "../db";
import { getBlueprint, listBlueprints } from "../catalog";
import { rolloutsInFlight as activeRollouts } from "../rollouts/queries";
import { ROLLOUT_STATE_LABELS, type RolloutState } from "../rollouts/state";
import { fleetHealth, healthFigures, versionChart, type FleetGroup, type RolloutInFlight } from "./view";
import { readFleetFilter, requestedOwnerId } from "./filter";
import type { SessionUser } from "../auth/roles";
import type { RawSearchParams } from "../http/search-params";

// The fleet in one aggregate query: clients counted by blueprint, current version, status, whether
// they have a current revision and whether they drifted. Its rows are few (blueprints × versions ×
// statuses × 4) whatever the fleet's size; the chart and every health figure derive from them.

interface Row {
  blueprintId: string;
  version: string | null;
  status: string;
  live: number | bigint;
  drifted: number | bigint;
  count: number | bigint;
}

/** Which clients the figures count: everyone's, or one account manager's. */
export interface FleetFilter {
  ownerId?: string;
}

/**
 * The fleet's groups for a filter. The aggregate reads every client row: at 5,000 clients it cost
 * about 20 ms of PostgreSQL per page view (bench/load.ts with BENCH_FLEET=5000), so the engineer's
 * home and the fleet page got slower as the fleet grew. Its result changes only when a client row
 * does, and every client write goes through Prisma, which stamps updatedAt: the newest stamp (one
 * index lookup) is the fleet's version, and each instance keeps the groups per filter and version,
 * computed once however many requests ask at the same moment.
 *
 * A write can commit with a stamp older than one already committed (it was stamped before a slow
 * commit, or on an instance whose clock is behind), and the version would not move. So groups are
 * kept only once the newest stamp is SETTLE_MS old (while clients change, every view counts
 * afresh, as before), and at most GROUPS_TTL_MS: what no stamp shows (a row changed in the
 * database by hand, a clock far off) is seen within that.
 */
export async function fleetGroups(filter: FleetFilter = {}): Promise<FleetGroup[]> {
  const { _max } = await db.client.aggregate({ _max: { updatedAt: true } });
  const version = _max.updatedAt?.getTime() ?? 0;
  return (await groupsCache.fetch(`${filter.ownerId ?? ""}\u0000${version}`, { context: { filter, version } }))!;
}

export const GROUPS_TTL_MS = 10_000;
export const SETTLE_MS = 5_000;
const groupsCache = new LRUCache<string, FleetGroup[], { filter: FleetFilter; version: number }>({
  max: 256,
  ttl: GROUPS_TTL_MS,
  // Read the clock on every look-up: lru-cache otherwise reuses one reading until a timer runs,
  // which a run of SQLite queries (synchronous under their promises) never lets happen.
  ttlResolution: 0,
  fetchMethod: async (_key, _stale, { context, options }) => {
    const groups = await aggregateGroups(context.filter);
    // Shared by the requests that asked meanwhile, then gone: the version may not have settled.
    if (Date.now() - context.version < SETTLE_MS) options.ttl = 1;
    return groups;
  },
});

/** The aggregate (SQLite and PostgreSQL alike): no client row is loaded. */
async function aggregateGroups(filter: FleetFilter): Promise<FleetGroup[]> {
  const owner = filter.ownerId ?? null;
  const rows = await db.$queryRaw<Row[]>`
    SELECT c."blueprintId" AS "blueprintId", r."blueprintVersion" AS "version", c."status" AS "status",
      CASE WHEN c."currentRevisionId" IS NULL THEN 0 ELSE 1 END AS "live",
      CASE WHEN c."driftStatus" = 'DRIFTED' THEN 1 ELSE 0 END AS "drifted",
      COUNT(*) AS "count"
    FROM "Client" c LEFT JOIN "TemplateRevision" r ON r."id" = c."currentRevisionId"
    WHERE (CAST(${owner} AS TEXT) IS NULL OR c."ownerId" = CAST(${owner} AS TEXT))
    GROUP BY c."blueprintId", r."blueprintVersion", c."status",
      CASE WHEN c."currentRevisionId" IS NULL THEN 0 ELSE 1 END,
      CASE WHEN c."driftStatus" = 'DRIFTED' THEN 1 ELSE 0 END`;
  return rows.map((r) => ({
    blueprintId: r.blueprintId,
    version: r.version,
    status: r.status,
    live: Number(r.live) === 1,
    drifted: Number(r.drifted) === 1,
    count: Number(r.count),
  }));
}

/** The health figures alone (the engineer's home), from the same query. */
export async function fleetHealthFigures() {
  const health = fleetHealth(await fleetGroups(), listBlueprints());
  return { health, figures: healthFigures(health) };
}

/**
 * Everything the fleet page shows: its filter (see filter.ts), the chart and figures of the
 * filter's clients, and every rollout in flight. The queries run side by side: under load each
 * query waited for in turn costs a page a trip through a busy event loop. The aggregate is counted
 * for the account manager asked for while the list of those the viewer may pick is read; an id not
 * on it (rare: a hand-edited link) is counted again for everyone.
 */
export async function fleetPage(user: SessionUser, raw: RawSearchParams) {
  const blueprints = listBlueprints();
  const requested = requestedOwnerId(raw);
  const [read, asked, active] = await Promise.all([
    readFleetFilter(user, raw),
    fleetGroups(requested ? { ownerId: requested } : {}),
    activeRollouts(),
  ]);
  const { filter } = read;
  const groups = filter.ownerId === requested ? asked : await fleetGroups(filter);
  const health = fleetHealth(groups, blueprints);
  const rolloutsInFlight: RolloutInFlight[] = active.map((r) => ({
    id: r.id,
    title: `${getBlueprint(r.blueprintId)?.name ?? r.blueprintId} ${r.toVersion}`,
    href: `/rollouts/${r.id}`,
    progress: `${ROLLOUT_STATE_LABELS[r.state as RolloutState] ?? r.state} · ${r.done.toLocaleString("en")} of ${r.planned.toLocaleString("en")} clients done`,
    done: r.done,
    total: r.planned,
  }));
  return { ...read, chart: versionChart(groups, blueprints), health, figures: healthFigures(health, filter), rolloutsInFlight };
}
