import { describe, expect, it } from "vitest";
import { CLIENT_STATUSES, CLIENT_STATUS_TONES } from "../clients/status";
import { CHART, STATUS_FILLS, chartSummary, fleetHealth, healthFigures, versionChart, type FleetGroup } from "./view";

const WEB = { id: "stateless-web", name: "Stateless web", version: "1.1.0" };
const WORKER = { id: "queue-worker", name: "Queue worker", version: "2.0.0" };
const g = (version: string | null, status: string, count: number, extra: Partial<FleetGroup> = {}): FleetGroup => ({
  blueprintId: WEB.id,
  version,
  status,
  live: true,
  drifted: false,
  count,
  ...extra,
});

describe("fleet health", () => {
  const groups = [
    g("1.1.0", "ACTIVE", 400),
    g("1.1.0", "DEGRADED", 12),
    g("1.0.0", "ACTIVE", 580, { drifted: true }),
    g(null, "FAILED", 3),
    g(null, "UPDATING", 5),
    g("1.0.0", "DECOMMISSIONED", 40, { drifted: true }),
    // A failed first launch has no current revision: failed, but on no version and not behind.
    g(null, "FAILED", 2, { live: false }),
    g(null, "PROVISIONING", 4, { live: false }),
    g(null, "PENDING", 9, { live: false }),
  ];

  it("counts behind (null is 1.0.0), failed, degraded, drifted and in flight; decommissioned clients count for nothing", () => {
    expect(fleetHealth(groups, [WEB])).toEqual({ live: 1000, behind: 588, failed: 5, degraded: 12, drifted: 580, inFlight: 9 });
  });

  it("counts nobody behind when the blueprint is unknown or the version is current", () => {
    expect(fleetHealth(groups, []).behind).toBe(0);
    expect(fleetHealth([g("1.1.0", "ACTIVE", 3)], [WEB]).behind).toBe(0);
  });

  it("links each figure to the clients list filtered the same way", () => {
    const figures = healthFigures(fleetHealth(groups, [WEB]));
    expect(figures.map((f) => [f.key, f.count, f.href])).toEqual([
      ["behind", 588, "/clients?behind=1"],
      ["failed", 5, "/clients?status=FAILED"],
      ["degraded", 12, "/clients?status=DEGRADED"],
      ["drifted", 580, "/clients?drifted=1"],
      ["inFlight", 9, "/clients?inflight=1"],
    ]);
  });

  it("keeps the account manager in each link when the figures are one account manager's", () => {
    const figures = healthFigures(fleetHealth(groups, [WEB]), { ownerId: "cm0abc 1" });
    expect(figures.map((f) => f.href)).toEqual([
      "/clients?behind=1&owner=cm0abc%201",
      "/clients?status=FAILED&owner=cm0abc%201",
      "/clients?status=DEGRADED&owner=cm0abc%201",
      "/clients?drifted=1&owner=cm0abc%201",
      "/clients?inflight=1&owner=cm0abc%201",
    ]);
  });
});

describe("the version chart", () => {
  it("draws one bar per version, newest first, its segments stacked left to right in proportion", () => {
    const chart = versionChart(
      [g("1.0.0", "ACTIVE", 585), g(null, "FAILED", 3), g("1.1.0", "ACTIVE", 400), g("1.1.0", "DEGRADED", 12)],
      [WEB],
    );
    expect(chart.bars.map((b) => [b.label, b.total, b.current])).toEqual([
      ["1.1.0", 412, true],
      ["1.0.0", 588, false],
    ]);
    const area = CHART.width - CHART.labelWidth - CHART.totalWidth;
    const [newer, older] = chart.bars;
    // The longest bar fills the area; the other is in proportion.
    expect(older.segments.reduce((w, s) => w + s.width, 0)).toBeCloseTo(area);
    expect(newer.segments.reduce((w, s) => w + s.width, 0)).toBeCloseTo((412 / 588) * area);
    // Active first, then what needs people; each segment starts where the previous ended.
    expect(older.segments.map((s) => [s.status, s.count])).toEqual([
      ["ACTIVE", 585],
      ["FAILED", 3],
    ]);
    expect(older.segments[0].x).toBe(CHART.labelWidth);
    expect(older.segments[1].x).toBeCloseTo(CHART.labelWidth + older.segments[0].width);
    expect(newer.y).toBe(0);
    expect(older.y).toBe(CHART.barHeight + CHART.barGap);
    expect(chart.total).toBe(1000);
  });

  it("writes a count inside its segment only where it fits", () => {
    const chart = versionChart([g("1.1.0", "ACTIVE", 997), g("1.1.0", "FAILED", 3)], [WEB]);
    expect(chart.bars[0].segments.map((s) => [s.status, s.showCount])).toEqual([
      ["ACTIVE", true],
      ["FAILED", false],
    ]);
  });

  it("has a legend with every status present and its fleet-wide count, under the bars", () => {
    const chart = versionChart([g("1.1.0", "ACTIVE", 10), g("1.0.0", "ACTIVE", 5), g("1.0.0", "DEGRADED", 2)], [WEB]);
    expect(chart.legend.map((l) => [l.label, l.count, l.tone])).toEqual([
      ["Active", 15, "success"],
      ["Degraded", 2, "warning"],
    ]);
    const barsBottom = 2 * (CHART.barHeight + CHART.barGap);
    for (const item of chart.legend) expect(item.y).toBeGreaterThanOrEqual(barsBottom);
    expect(chart.height).toBeGreaterThan(chart.legend.at(-1)!.y);
  });

  it("wraps the legend onto a second row when it is wider than the chart", () => {
    const statuses = ["ACTIVE", "UPDATING", "PROVISIONING", "DECOMMISSIONING", "DEGRADED", "FAILED"];
    const chart = versionChart(
      statuses.map((s) => g("1.1.0", s, 123456)),
      [WEB],
    );
    const rows = new Set(chart.legend.map((l) => l.y));
    expect(rows.size).toBeGreaterThan(1);
    for (const item of chart.legend) expect(item.x).toBeLessThan(CHART.width);
  });

  it("names the blueprint in each label when the fleet has several", () => {
    const chart = versionChart([g("1.1.0", "ACTIVE", 2), g("2.0.0", "ACTIVE", 1, { blueprintId: WORKER.id })], [WEB, WORKER]);
    expect(chart.bars.map((b) => [b.label, b.current])).toEqual([
      ["Queue worker 2.0.0", true],
      ["Stateless web 1.1.0", true],
    ]);
  });

  it("leaves out decommissioned clients and clients without a current revision", () => {
    const chart = versionChart([g("1.1.0", "DECOMMISSIONED", 5), g(null, "PROVISIONING", 2, { live: false })], [WEB]);
    expect(chart.bars).toEqual([]);
    expect(chart.legend).toEqual([]);
  });

  it("has a colour for every status, in its badge tone's family, distinct within the chart", () => {
    for (const status of CLIENT_STATUSES) expect(STATUS_FILLS[status].fill).toMatch(/^#[0-9a-f]{6}$/);
    expect(new Set(CLIENT_STATUSES.map((s) => STATUS_FILLS[s].fill)).size).toBe(CLIENT_STATUSES.length);
    expect(CLIENT_STATUS_TONES.FAILED).toBe("danger");
    expect(CLIENT_STATUS_TONES.DEGRADED).toBe("warning");
  });
});

describe("the chart's sentence for screen readers", () => {
  it("says each version's total, and what is not active", () => {
    const chart = versionChart([g("1.1.0", "ACTIVE", 412), g("1.0.0", "ACTIVE", 585), g(null, "FAILED", 3)], [WEB]);
    expect(chart.summary).toBe("412 clients on 1.1.0, 588 on 1.0.0 (3 failed).");
  });

  it("lists several statuses in chart order and says 'client' for one", () => {
    const chart = versionChart([g("1.1.0", "FAILED", 1), g("1.1.0", "UPDATING", 2), g("1.1.0", "ACTIVE", 1)], [WEB]);
    expect(chart.summary).toBe("4 clients on 1.1.0 (2 updating, 1 failed).");
    expect(chartSummary([{ label: "1.0.0", total: 1, segments: [] }])).toBe("1 client on 1.0.0.");
  });

  it("says so when the fleet is empty", () => {
    const chart = versionChart([], [WEB]);
    expect(chart).toMatchObject({ bars: [], legend: [], total: 0, height: 0 });
    expect(chart.summary).toBe("No client has a live stack yet.");
  });
});
