import "server-only";
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

/** The aggregate (SQLite and PostgreSQL alike): no client row is loaded. */
export async function fleetGroups(filter: FleetFilter = {}): Promise<FleetGroup[]> {
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
