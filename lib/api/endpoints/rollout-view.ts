import type { getRolloutSummary, listRolloutTargets, RolloutPage } from "../../rollouts/queries";
import { groupsSentence } from "../../rollouts/group";
import type { Wave } from "../../rollouts/plan";
import { ROLLOUT_STATE_LABELS, TARGET_STATES, type RolloutState } from "../../rollouts/state";
import { approvalsSentence, etaSentence, resultLabel, resultOf, stateSentence, waveRows } from "../../rollouts/view";
import { etagOf } from "../http";

// A rollout, its detail and its clients in the API's shape: the same sentences and rows as the
// rollout's page (lib/rollouts/view.ts), with codes beside the words.

type Summary = NonNullable<Awaited<ReturnType<typeof getRolloutSummary>>>;
type TargetRow = Awaited<ReturnType<typeof listRolloutTargets>>["rows"][number];

const iso = (d: Date | null) => d?.toISOString() ?? null;

export const rolloutLinks = (id: string) => ({
  self: `/api/v1/rollouts/${id}`,
  portal: `/rollouts/${id}`,
  targets: `/api/v1/rollouts/${id}/targets`,
});

export const rolloutHeaders = (r: { id: string; version: number }) => ({ ETag: etagOf(r.version), Location: `/api/v1/rollouts/${r.id}` });

export function rolloutOut(r: Summary) {
  const c = (state: string) => r.counts[state] ?? 0;
  return {
    id: r.id,
    blueprintId: r.blueprintId,
    toVersion: r.toVersion,
    state: r.state as RolloutState,
    stateLabel: ROLLOUT_STATE_LABELS[r.state as RolloutState] ?? r.state,
    version: r.version,
    reason: r.reason,
    createdBy: { name: r.createdBy.name, email: r.createdBy.email },
    createdAt: r.createdAt.toISOString(),
    startedAt: iso(r.startedAt),
    finishedAt: iso(r.finishedAt),
    haltReason: r.haltReason,
    manifestHash: r.manifestHash,
    requiredApprovals: r.requiredApprovals,
    monthlyDeltaUsd: r.monthlyDeltaUsd,
    planned: c("READY") + c("RELEASED") + c("DONE") + c("SKIPPED"),
    targets: Object.fromEntries(TARGET_STATES.map((s) => [s, c(s)])) as Record<(typeof TARGET_STATES)[number], number>,
    links: rolloutLinks(r.id),
  };
}

export function rolloutDetailOut(page: RolloutPage, now: Date) {
  const { rollout, counts, snapshot, groups, excluded, excludedCount, approvals, eta } = page;
  const state = rollout.state as RolloutState;
  const rows = waveRows(snapshot, now);
  return {
    ...rolloutOut({ ...rollout, counts }),
    sentence: stateSentence({
      state,
      counts,
      approvals: approvals.length,
      required: rollout.requiredApprovals,
      haltReason: rollout.haltReason,
    }),
    selection: JSON.parse(rollout.selection) as Record<string, unknown>,
    eta: { seconds: eta, sentence: etaSentence(eta, state) },
    groupsSentence: groupsSentence(groups),
    groups: groups.map((g) => ({
      label: g.label,
      key: g.key,
      clients: g.clientIds.length,
      sampleNames: g.sampleNames,
      differences: g.differences,
      disruptive: g.disruptive,
      disruptions: g.disruptions,
      monthlyCostDelta: g.monthlyCostDelta,
      resourceChanges: g.representative.resourceChanges,
      parameterChanges: g.representative.parameterChanges,
      representativeRequest: `/api/v1/requests/${g.representativeRequestId}`,
    })),
    waves: snapshot.waves.map((w, i) => {
      const row = rows[i];
      return {
        index: w.index,
        label: w.label,
        count: w.count,
        maxConcurrency: w.maxConcurrency,
        bakeMinutes: w.bakeMinutes,
        tolerance: w.tolerance,
        rules: row.rules,
        phase: row.phase,
        done: row.done,
        failed: row.failed,
        running: row.running,
        waiting: row.waiting,
      };
    }),
    approvals: approvals.map((a) => ({
      approver: { name: a.approver.name, email: a.approver.email },
      comment: a.comment,
      manifestHash: a.manifestHash,
      createdAt: a.createdAt.toISOString(),
    })),
    approvalsSentence: approvalsSentence(approvals.length, rollout.requiredApprovals),
    excluded: {
      total: excludedCount,
      items: excluded.map((t) => ({ id: t.id, client: t.client, reason: t.reason })),
    },
  };
}

export function targetOut(t: TargetRow, waves: readonly Wave[]) {
  return {
    id: t.id,
    position: t.position,
    client: { slug: t.client.slug, displayName: t.client.displayName, environment: t.client.environment },
    state: t.state as (typeof TARGET_STATES)[number],
    wave: t.wave,
    waveLabel: t.wave === null ? null : (waves[t.wave]?.label ?? `Wave ${t.wave + 1}`),
    result: resultOf(t, t.progress),
    resultLabel: resultLabel(t, t.progress),
    reason: t.reason,
    requestId: t.requestId,
    links: { client: `/api/v1/clients/${t.client.slug}`, request: t.requestId ? `/api/v1/requests/${t.requestId}` : null },
  };
}
