// The fleet at a glance: clients per blueprint version and status (a stacked bar chart drawn as
// SVG on the server), and the health figures the fleet page and the engineer's home show. Pure:
// it takes the rows of one aggregate query (overview.ts) and the catalog's blueprints.
import { CLIENT_STATUS_TONES, IN_FLIGHT_STATUSES, type ClientStatus, type StatusTone } from "../clients/status";
import { isBehind, UNRECORDED_VERSION } from "../changes/update-plan";
import { compareVersions } from "../catalog/versions";

/** One row of the aggregate: how many clients share a blueprint, current version, status and drift state. */
export interface FleetGroup {
  blueprintId: string;
  /** The current revision's blueprintVersion; null for a revision from before versions were recorded (1.0.0). */
  version: string | null;
  status: string;
  /** Whether the client has a current revision (a live stack, or one that once was). */
  live: boolean;
  drifted: boolean;
  count: number;
}

export type FleetBlueprint = { id: string; name: string; version: string };

// ── Health ───────────────────────────────────────────────────────────────────────────────────

export interface FleetHealth {
  /** Clients with a live stack (not decommissioned). */
  live: number;
  behind: number;
  failed: number;
  degraded: number;
  drifted: number;
  inFlight: number;
}

const isLive = (g: FleetGroup) => g.live && g.status !== "DECOMMISSIONED";
const sum = (groups: readonly FleetGroup[]) => groups.reduce((n, g) => n + g.count, 0);

export function fleetHealth(groups: readonly FleetGroup[], blueprints: readonly FleetBlueprint[]): FleetHealth {
  const current = new Map(blueprints.map((b) => [b.id, b]));
  return {
    live: sum(groups.filter(isLive)),
    // As lib/clients/behind.ts filters the list: a live revision of an older version of its blueprint.
    behind: sum(
      groups.filter((g) => {
        const blueprint = current.get(g.blueprintId);
        return isLive(g) && blueprint !== undefined && isBehind(blueprint, g.version ?? UNRECORDED_VERSION);
      }),
    ),
    failed: sum(groups.filter((g) => g.status === "FAILED")),
    degraded: sum(groups.filter((g) => g.status === "DEGRADED")),
    drifted: sum(groups.filter((g) => g.drifted && g.status !== "DECOMMISSIONED")),
    inFlight: sum(groups.filter((g) => (IN_FLIGHT_STATUSES as readonly string[]).includes(g.status))),
  };
}

export interface HealthFigure {
  key: keyof Omit<FleetHealth, "live">;
  label: string;
  count: number;
  /** The clients list, filtered to these clients. */
  href: string;
  /** The tone when the count is not zero. */
  tone: StatusTone;
}

/** The figures, each linking to the clients list with the same filter (and the same account manager's clients, when the figures are theirs). */
export function healthFigures(health: FleetHealth, of: { ownerId?: string } = {}): HealthFigure[] {
  const owner = of.ownerId ? `&owner=${encodeURIComponent(of.ownerId)}` : "";
  return [
    { key: "behind", label: "Behind their blueprint", count: health.behind, href: `/clients?behind=1${owner}`, tone: "warning" },
    { key: "failed", label: "Failed", count: health.failed, href: `/clients?status=FAILED${owner}`, tone: "danger" },
    { key: "degraded", label: "Degraded", count: health.degraded, href: `/clients?status=DEGRADED${owner}`, tone: "warning" },
    { key: "drifted", label: "Drifted", count: health.drifted, href: `/clients?drifted=1${owner}`, tone: "warning" },
    { key: "inFlight", label: "In flight", count: health.inFlight, href: `/clients?inflight=1${owner}`, tone: "info" },
  ];
}

// ── The chart ────────────────────────────────────────────────────────────────────────────────

/** Fill and text colour per status: shades of its badge tone's colour, distinct within a tone. */
export const STATUS_FILLS: Record<ClientStatus, { fill: string; text: string }> = {
  ACTIVE: { fill: "#047857", text: "#ffffff" }, // emerald-700
  PENDING: { fill: "#93c5fd", text: "#0f172a" },
  UPDATING: { fill: "#1f5fbf", text: "#ffffff" }, // brand-600
  PROVISIONING: { fill: "#174a96", text: "#ffffff" }, // brand-700
  DECOMMISSIONING: { fill: "#0f2d5c", text: "#ffffff" }, // brand-900
  DEGRADED: { fill: "#fbbf24", text: "#0f172a" }, // amber-400
  FAILED: { fill: "#b91c1c", text: "#ffffff" }, // red-700
  REJECTED: { fill: "#7f1d1d", text: "#ffffff" },
  CANCELLED: { fill: "#64748b", text: "#ffffff" }, // slate-500
  DECOMMISSIONED: { fill: "#475569", text: "#ffffff" },
};

/** Within a bar: healthy first, then work in progress, then what needs people. */
const STATUS_ORDER: readonly ClientStatus[] = [
  "ACTIVE",
  "UPDATING",
  "PROVISIONING",
  "DECOMMISSIONING",
  "PENDING",
  "DEGRADED",
  "FAILED",
  "REJECTED",
  "CANCELLED",
  "DECOMMISSIONED",
];
const orderOf = (status: string) => {
  const i = STATUS_ORDER.indexOf(status as ClientStatus);
  return i < 0 ? STATUS_ORDER.length : i;
};

export const statusLabel = (status: string) => status.charAt(0) + status.slice(1).toLowerCase().replace(/_/g, " ");
const colours = (status: string) => STATUS_FILLS[status as ClientStatus] ?? STATUS_FILLS.CANCELLED;
const toneOf = (status: string): StatusTone => CLIENT_STATUS_TONES[status as ClientStatus] ?? "neutral";

export const CHART = { width: 720, labelWidth: 132, totalWidth: 64, barHeight: 28, barGap: 14, legendRow: 22, swatch: 12 } as const;
/** Rough width of 12 px sans-serif text, enough to decide whether a count fits inside its segment. */
const textWidth = (text: string) => text.length * 7;

export interface ChartSegment {
  status: string;
  label: string;
  count: number;
  x: number;
  width: number;
  fill: string;
  text: string;
  /** Whether the count is written inside the segment (it fits). */
  showCount: boolean;
}

export interface ChartBar {
  key: string;
  /** "1.1.0", or "<blueprint> 1.1.0" when the fleet has several blueprints. */
  label: string;
  current: boolean;
  total: number;
  y: number;
  segments: ChartSegment[];
}

export interface LegendItem {
  status: string;
  label: string;
  count: number;
  fill: string;
  tone: StatusTone;
  x: number;
  y: number;
}

export interface VersionChart {
  width: number;
  height: number;
  bars: ChartBar[];
  legend: LegendItem[];
  /** What a screen reader hears: "412 clients on 1.1.0, 588 on 1.0.0 (3 failed)". */
  summary: string;
  total: number;
}

export function versionChart(groups: readonly FleetGroup[], blueprints: readonly FleetBlueprint[]): VersionChart {
  const live = groups.filter((g) => isLive(g) && g.count > 0);
  const byBar = new Map<string, { blueprintId: string; version: string; counts: Map<string, number> }>();
  for (const g of live) {
    const version = g.version ?? UNRECORDED_VERSION;
    const key = `${g.blueprintId}@${version}`;
    const bar = byBar.get(key) ?? { blueprintId: g.blueprintId, version, counts: new Map<string, number>() };
    bar.counts.set(g.status, (bar.counts.get(g.status) ?? 0) + g.count);
    byBar.set(key, bar);
  }
  const several = new Set(live.map((g) => g.blueprintId)).size > 1;
  const blueprintOf = new Map(blueprints.map((b) => [b.id, b]));
  // Blueprints by name, each newest version first.
  const entries = [...byBar.entries()].sort(
    ([, a], [, b]) => a.blueprintId.localeCompare(b.blueprintId) || compareVersions(b.version, a.version),
  );
  const totals = entries.map(([, bar]) => [...bar.counts.values()].reduce((n, c) => n + c, 0));
  const max = Math.max(1, ...totals);
  const barArea = CHART.width - CHART.labelWidth - CHART.totalWidth;

  const bars: ChartBar[] = entries.map(([key, bar], i) => {
    let x: number = CHART.labelWidth;
    const segments = [...bar.counts.entries()]
      .sort(([a], [b]) => orderOf(a) - orderOf(b))
      .map(([status, count]) => {
        const width = (count / max) * barArea;
        const segment = {
          status,
          label: statusLabel(status),
          count,
          x,
          width,
          ...colours(status),
          showCount: width >= textWidth(String(count)) + 8,
        };
        x += width;
        return segment;
      });
    const blueprint = blueprintOf.get(bar.blueprintId);
    return {
      key,
      label: several ? `${blueprint?.name ?? bar.blueprintId} ${bar.version}` : bar.version,
      current: blueprint?.version === bar.version,
      total: totals[i],
      y: i * (CHART.barHeight + CHART.barGap),
      segments,
    };
  });

  // The legend under the bars: one item per status present, with the fleet's count, wrapping.
  const statusTotals = new Map<string, number>();
  for (const g of live) statusTotals.set(g.status, (statusTotals.get(g.status) ?? 0) + g.count);
  const legendTop = bars.length * (CHART.barHeight + CHART.barGap) + 4;
  let lx = 0;
  let row = 0;
  const legend: LegendItem[] = [...statusTotals.entries()]
    .sort(([a], [b]) => orderOf(a) - orderOf(b))
    .map(([status, count]) => {
      const width = CHART.swatch + 6 + textWidth(`${statusLabel(status)} ${count}`) + 20;
      if (lx > 0 && lx + width > CHART.width) {
        lx = 0;
        row += 1;
      }
      const item = {
        status,
        label: statusLabel(status),
        count,
        fill: colours(status).fill,
        tone: toneOf(status),
        x: lx,
        y: legendTop + row * CHART.legendRow,
      };
      lx += width;
      return item;
    });
  const height = legend.length ? legendTop + (row + 1) * CHART.legendRow : 0;
  return { width: CHART.width, height, bars, legend, summary: chartSummary(bars), total: totals.reduce((n, t) => n + t, 0) };
}

/** "412 clients on 1.1.0, 588 on 1.0.0 (3 failed, 2 updating)": each version, with what is not active. */
export function chartSummary(bars: readonly Pick<ChartBar, "label" | "total" | "segments">[]): string {
  if (bars.length === 0) return "No client has a live stack yet.";
  return bars
    .map((bar, i) => {
      const others = bar.segments.filter((s) => s.status !== "ACTIVE").map((s) => `${s.count} ${s.label.toLowerCase()}`);
      const noun = i === 0 ? (bar.total === 1 ? " client" : " clients") : "";
      return `${bar.total}${noun} on ${bar.label}${others.length ? ` (${others.join(", ")})` : ""}`;
    })
    .join(", ")
    .concat(".");
}

// ── Rollouts in flight ───────────────────────────────────────────────────────────────────────

/** A running rollout as the fleet page lists it; the rollout engine (lib/rollouts) provides these. */
export interface RolloutInFlight {
  id: string;
  title: string;
  href: string;
  /** One line: "Running · 31 of 212 clients done". */
  progress: string;
  done: number;
  total: number;
}
