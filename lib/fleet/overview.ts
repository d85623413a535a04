import "server-only";
import { db } from "../db";
import { listBlueprints } from "../catalog";
import { fleetHealth, healthFigures, versionChart, type FleetGroup, type RolloutInFlight } from "./view";

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

/** The aggregate (SQLite and PostgreSQL alike): no client row is loaded. */
export async function fleetGroups(): Promise<FleetGroup[]> {
  const rows = await db.$queryRaw<Row[]>`
    SELECT c."blueprintId" AS "blueprintId", r."blueprintVersion" AS "version", c."status" AS "status",
      CASE WHEN c."currentRevisionId" IS NULL THEN 0 ELSE 1 END AS "live",
      CASE WHEN c."driftStatus" = 'DRIFTED' THEN 1 ELSE 0 END AS "drifted",
      COUNT(*) AS "count"
    FROM "Client" c LEFT JOIN "TemplateRevision" r ON r."id" = c."currentRevisionId"
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

/** Everything the fleet page shows. */
export async function fleetOverview() {
  const blueprints = listBlueprints();
  const groups = await fleetGroups();
  const health = fleetHealth(groups, blueprints);
  // Filled by the rollout engine (issue 18, item 5); until it lands, nothing is running.
  const rolloutsInFlight: RolloutInFlight[] = [];
  return { chart: versionChart(groups, blueprints), health, figures: healthFigures(health), rolloutsInFlight };
}
