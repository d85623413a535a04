import "server-only";
import { db } from "../db";
import { revisionDiff } from "../changes/revision-diff";
import { validRolloutApprovals } from "./decide";
import type { StoredGroup } from "./prepare";
import type { Wave } from "./plan";
import { etaSeconds } from "./progress";
import { ACTIVE_ROLLOUT_STATES, PLANNED_TARGET_STATES, runStateOf, runStateOfRollout } from "./state";
import type { ResultFilter } from "./view";

// What the rollout pages read. Lists use keyset paging; counts are SQL aggregates; the review
// draws one diff per group (a 500-client rollout shows its few groups, not 500 diffs).

const PAGE = 25;

/** Rollouts, newest first, keyset-paged on (createdAt, id). */
export async function listRollouts(after?: string) {
  const [afterAt, afterId] = after?.split("|") ?? [];
  const cursor =
    afterAt && afterId && !Number.isNaN(Date.parse(afterAt))
      ? { OR: [{ createdAt: { lt: new Date(afterAt) } }, { createdAt: new Date(afterAt), id: { lt: afterId } }] }
      : {};
  const rows = await db.rollout.findMany({
    where: cursor,
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: PAGE + 1,
    include: { createdBy: { select: { name: true, email: true } } },
  });
  const page = rows.slice(0, PAGE);
  const last = page.at(-1);
  return {
    rows: await withTargetCounts(page),
    next: rows.length > PAGE && last ? `${last.createdAt.toISOString()}|${last.id}` : undefined,
  };
}

/** Rollouts with their targets counted by state (one SQL aggregate for all of them). */
async function withTargetCounts<R extends { id: string }>(rollouts: R[]): Promise<(R & { counts: Record<string, number> })[]> {
  const counts = await db.rolloutTarget.groupBy({
    by: ["rolloutId", "state"],
    where: { rolloutId: { in: rollouts.map((r) => r.id) } },
    _count: { _all: true },
  });
  const countsOf = (id: string) => Object.fromEntries(counts.filter((c) => c.rolloutId === id).map((c) => [c.state, c._count._all]));
  return rollouts.map((r) => ({ ...r, counts: countsOf(r.id) }));
}

/** One rollout as the list shows it (the API answers a change with it); null when there is none. */
export async function getRolloutSummary(id: string) {
  const rollout = await db.rollout.findUnique({ where: { id }, include: { createdBy: { select: { name: true, email: true } } } });
  return rollout ? (await withTargetCounts([rollout]))[0] : null;
}

/** Rollouts still going somewhere, for the fleet page and the home page. */
export async function rolloutsInFlight() {
  // Side by side: the counts are of every active rollout's targets (few rollouts are active at once).
  const [rollouts, counts] = await Promise.all([
    db.rollout.findMany({ where: { state: { in: [...ACTIVE_ROLLOUT_STATES] } }, orderBy: { createdAt: "desc" }, take: 10 }),
    db.rolloutTarget.groupBy({
      by: ["rolloutId", "state"],
      where: { rollout: { state: { in: [...ACTIVE_ROLLOUT_STATES] } } },
      _count: { _all: true },
    }),
  ]);
  return rollouts.map((r) => {
    const of = (state: string) => counts.find((c) => c.rolloutId === r.id && c.state === state)?._count._all ?? 0;
    const planned = of("READY") + of("RELEASED") + of("DONE") + of("SKIPPED");
    return { id: r.id, state: r.state, toVersion: r.toVersion, blueprintId: r.blueprintId, done: of("DONE") + of("SKIPPED"), planned };
  });
}

/** Seconds of the last finished updates (for the estimate), newest first. */
async function pastUpdateSeconds(): Promise<number[]> {
  const ops = await db.operation.findMany({
    where: { kind: "UPDATE", phase: "DONE", finishedAt: { not: null } },
    orderBy: { startedAt: "desc" },
    take: 50,
    select: { startedAt: true, finishedAt: true },
  });
  return ops.map((o) => (o.finishedAt!.getTime() - o.startedAt.getTime()) / 1000);
}

const RESULT_WHERE: Record<ResultFilter, object> = {
  all: {},
  failed: { state: "DONE", reason: { not: null } },
  running: { state: "RELEASED" },
  updated: { state: "DONE", reason: null },
  skipped: { state: "SKIPPED" },
  waiting: { state: "READY" },
};

/**
 * The planned clients of a rollout with their results, in plan order, filtered by result and
 * keyset-paged on their position: the review page's table and the API's target list.
 */
export async function listRolloutTargets(rolloutId: string, options: { result: ResultFilter; after?: number; now?: Date }) {
  const now = options.now ?? new Date();
  const rows = await db.rolloutTarget.findMany({
    where: {
      rolloutId,
      state: { in: [...PLANNED_TARGET_STATES] },
      ...RESULT_WHERE[options.result],
      ...(options.after !== undefined ? { position: { gt: options.after } } : {}),
    },
    orderBy: { position: "asc" },
    take: PAGE + 1,
    select: {
      id: true,
      clientId: true,
      position: true,
      state: true,
      wave: true,
      reason: true,
      requestId: true,
      finishedAt: true,
      client: { select: { displayName: true, slug: true, environment: true, status: true } },
    },
  });
  const page = rows.slice(0, PAGE);
  const requests = await db.changeRequest.findMany({
    where: { id: { in: page.flatMap((t) => (t.requestId ? [t.requestId] : [])) } },
    select: { id: true, state: true, scheduledFor: true, updatedAt: true },
  });
  const requestOf = new Map(requests.map((r) => [r.id, r]));
  return {
    rows: page.map((t) => ({
      ...t,
      progress: runStateOf(
        {
          state: t.state,
          request: t.requestId ? (requestOf.get(t.requestId) ?? null) : null,
          clientStatus: t.client.status,
          finishedAt: t.finishedAt,
        },
        now,
      ),
    })),
    nextAfter: rows.length > PAGE ? page.at(-1)!.position : undefined,
  };
}

/** Everything the rollout's page shows; `diffs: false` leaves out each group's template diff (the API links its request instead). */
export async function getRolloutPage(id: string, options: { result: ResultFilter; after?: number; now?: Date; diffs?: boolean }) {
  const now = options.now ?? new Date();
  const rollout = await db.rollout.findUnique({ where: { id }, include: { createdBy: { select: { id: true, name: true, email: true } } } });
  if (!rollout) return null;
  const [counts, planned, excluded, excludedCount, approvals, past, targets] = await Promise.all([
    db.rolloutTarget.groupBy({ by: ["state"], where: { rolloutId: id }, _count: { _all: true } }),
    // One light row per planned client: wave progress, the estimate and the halt state come from these.
    db.rolloutTarget.findMany({
      where: { rolloutId: id, state: { in: ["READY", "RELEASED", "DONE", "SKIPPED"] } },
      select: {
        clientId: true,
        state: true,
        wave: true,
        finishedAt: true,
        reason: true,
        requestId: true,
        client: { select: { status: true } },
      },
    }),
    db.rolloutTarget.findMany({
      where: { rolloutId: id, state: "EXCLUDED" },
      select: { id: true, reason: true, client: { select: { displayName: true, slug: true } } },
      orderBy: { position: "asc" },
      take: 50,
    }),
    db.rolloutTarget.count({ where: { rolloutId: id, state: "EXCLUDED" } }),
    validRolloutApprovals(db, rollout),
    pastUpdateSeconds(),
    listRolloutTargets(id, { result: options.result, after: options.after, now }),
  ]);
  const requestStates = await db.changeRequest.findMany({
    where: { id: { in: planned.flatMap((t) => (t.requestId ? [t.requestId] : [])) } },
    select: { id: true, state: true, scheduledFor: true, updatedAt: true },
  });
  const requestOf = new Map(requestStates.map((r) => [r.id, r]));
  const waves = rollout.waves ? (JSON.parse(rollout.waves) as Wave[]) : [];
  const clients = Object.fromEntries(
    planned.map((t) => [
      t.clientId,
      runStateOf(
        {
          state: t.state,
          request: t.requestId ? (requestOf.get(t.requestId) ?? null) : null,
          clientStatus: t.client.status,
          finishedAt: t.finishedAt,
        },
        now,
      ),
    ]),
  );
  const snapshot = { state: runStateOfRollout(rollout.state), waves, clients };
  const groups = rollout.groups ? (JSON.parse(rollout.groups) as StoredGroup[]) : [];
  // One diff per group: its representative's request against the revision it was made from.
  const representatives = await db.changeRequest.findMany({
    where: { id: { in: options.diffs === false ? [] : groups.map((g) => g.representativeRequestId) } },
    include: { revision: true },
  });
  const bases = await db.templateRevision.findMany({
    where: { id: { in: representatives.flatMap((r) => (r.baseRevisionId ? [r.baseRevisionId] : [])) } },
  });
  const baseOf = new Map(bases.map((b) => [b.id, b]));
  const diffs = new Map(
    representatives.map((r) => [r.id, revisionDiff(r.baseRevisionId ? baseOf.get(r.baseRevisionId) : null, r.revision)]),
  );
  const groupClients = await db.client.findMany({
    where: { id: { in: groups.flatMap((g) => g.clientIds.slice(0, 8)) } },
    select: { id: true, displayName: true },
  });
  const nameOf = new Map(groupClients.map((c) => [c.id, c.displayName]));
  return {
    rollout,
    counts: Object.fromEntries(counts.map((c) => [c.state, c._count._all])) as Record<string, number>,
    snapshot,
    groups: groups.map((g) => ({
      ...g,
      diff: diffs.get(g.representativeRequestId) ?? null,
      sampleNames: g.clientIds.slice(0, 8).map((cid) => nameOf.get(cid) ?? cid),
    })),
    excluded,
    excludedCount,
    approvals,
    eta: etaSeconds(snapshot, past, now),
    results: targets.rows,
    nextAfter: targets.nextAfter,
  };
}

export type RolloutPage = NonNullable<Awaited<ReturnType<typeof getRolloutPage>>>;
