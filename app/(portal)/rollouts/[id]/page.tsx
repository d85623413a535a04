import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { can } from "@/lib/auth/policy";
import { requirePageUser } from "@/lib/auth/session";
import { getBlueprint } from "@/lib/catalog";
import { getRolloutPage } from "@/lib/rollouts/queries";
import { groupsSentence } from "@/lib/rollouts/group";
import type { RolloutState } from "@/lib/rollouts/state";
import {
  approvalsSentence,
  etaSentence,
  isResultFilter,
  RESULT_FILTER_LABELS,
  RESULT_FILTERS,
  resultLabel,
  stateSentence,
  waveRows,
} from "@/lib/rollouts/view";
import { readSearchParams, textParam, type RawSearchParams } from "@/lib/http/search-params";
import { PageHeader } from "@/components/ui/page-header";
import { Alert } from "@/components/ui/alert";
import { Card, CardBody, CardHeader } from "@/components/ui/card";
import { DiffView } from "@/components/ui/diff-view";
import { ProgressBar } from "@/components/ui/progress-bar";
import { Table, Td, Th } from "@/components/ui/table";
import { Pagination } from "@/components/ui/pagination";
import { EmptyState } from "@/components/ui/empty-state";
import { formatDateTime, formatUsd } from "@/components/ui/format";
import { AutoRefresh } from "../../_components/auto-refresh";
import { RolloutStateBadge } from "../_components/rollout-state-badge";
import { ApproveRolloutForm, ControlForm, RetryForm, SkipForm, WavesForm } from "./_components/rollout-forms";

export const metadata: Metadata = { title: "Rollout" };

const OUTCOMES: Record<string, string> = {
  created: "Preparing: each client is rendered and gets a change set, a few at a time. This page follows it.",
  waves: "The waves are saved. Approvals are of the manifest, so they still count.",
  approved: "Approved. The rollout has started with its first wave.",
  "approval-recorded": "Your approval is recorded. Another engineer must approve too.",
  pause: "Paused: no new client starts; those already updating finish.",
  resume: "Resumed.",
  abort: "Aborted: nothing new starts; clients already updated stay so.",
  skipped: "The client is skipped, with your reason in the change log.",
  retried: "The client gets a new change set; the rollout is reviewed again before it goes on.",
};
const PREPARED = "Prepared: every client that can take part has its change set.";

export default async function RolloutPage({
  params,
  searchParams,
}: {
  params: Promise<{ id: string }>;
  searchParams: Promise<RawSearchParams>;
}) {
  const user = await requirePageUser("rollout:read");
  const [{ id }, raw] = await Promise.all([params, searchParams]);
  const { done, result: resultParam, after } = readSearchParams({ done: textParam(40), result: textParam(20), after: textParam(12) }, raw);
  const result = isResultFilter(resultParam) ? resultParam : "all";
  const afterPosition = after && /^\d+$/.test(after) ? Number(after) : undefined;
  const page = await getRolloutPage(id, { result, after: afterPosition });
  if (!page) notFound();
  const { rollout, counts, snapshot, groups, excluded, excludedCount, approvals, eta, results, nextAfter } = page;
  const state = rollout.state as RolloutState;
  const now = new Date();
  const blueprint = getBlueprint(rollout.blueprintId);
  const mayControl = can(user, "rollout:control");
  const mayApprove = can(user, "rollout:approve", { requesterId: rollout.createdBy.id });
  const planned = (counts.READY ?? 0) + (counts.RELEASED ?? 0) + (counts.DONE ?? 0) + (counts.SKIPPED ?? 0);
  const preparing = counts.PREPARING ?? 0;
  const totalListed = planned + preparing + (counts.EXCLUDED ?? 0);
  const waves = waveRows(snapshot, now);
  const etaText = etaSentence(eta, state);
  const live = state === "PREPARING" || state === "RUNNING";
  const approvedByMe = approvals.some((a) => a.approverId === user.id);
  // The page the preparation opens keeps its notice while it follows the work; once every client
  // is prepared, the notice says so instead of "Preparing".
  const outcome = done === "created" && state !== "PREPARING" ? PREPARED : OUTCOMES[done ?? ""];
  const resultHref = (r: string, position?: number) =>
    `/rollouts/${rollout.id}?${new URLSearchParams({ ...(r !== "all" ? { result: r } : {}), ...(position !== undefined ? { after: String(position) } : {}) })}#results`;
  return (
    <>
      {live ? <AutoRefresh /> : null}
      <PageHeader
        title={`Rollout of ${blueprint?.name ?? rollout.blueprintId} ${rollout.toVersion}`}
        description={
          <>
            Prepared by {rollout.createdBy.name} on {formatDateTime(rollout.createdAt)}
            {rollout.reason ? ` · “${rollout.reason}”` : ""} ·{" "}
            <Link className="text-brand-700 underline" href="/rollouts">
              all rollouts
            </Link>
          </>
        }
        actions={<RolloutStateBadge state={state} />}
      />
      <div className="mb-6 space-y-3">
        {outcome ? <Alert tone="success">{outcome}</Alert> : null}
        <p className="text-sm text-slate-800" data-testid="rollout-state">
          {stateSentence({
            state,
            counts,
            approvals: approvals.length,
            required: rollout.requiredApprovals,
            haltReason: rollout.haltReason,
          })}
          {etaText ? ` ${etaText[0].toUpperCase()}${etaText.slice(1)}.` : ""}
        </p>
        {state === "HALTED" && rollout.haltReason ? (
          <Alert tone="danger" title="Halted: no new client starts">
            {rollout.haltReason}. Clients already updating finish. Skip or retry the client below, then resume.
          </Alert>
        ) : null}
        {state === "PREPARING" && totalListed > 0 ? (
          <div>
            <ProgressBar
              label="Clients prepared"
              done={totalListed - preparing}
              total={totalListed}
              percent={Math.round(((totalListed - preparing) / totalListed) * 100)}
            />
            <p className="mt-1 text-xs text-slate-600">
              {(totalListed - preparing).toLocaleString("en")} of {totalListed.toLocaleString("en")} clients prepared (change sets are
              created a few at a time, inside CloudFormation&apos;s limits).
            </p>
          </div>
        ) : null}
        {mayControl && ["RUNNING", "PAUSED", "HALTED", "REVIEW", "PREPARING"].includes(state) ? (
          <div className="flex flex-wrap gap-2">
            {state === "RUNNING" ? <ControlForm rolloutId={rollout.id} version={rollout.version} control="pause" label="Pause" /> : null}
            {state === "PAUSED" || state === "HALTED" ? (
              <ControlForm rolloutId={rollout.id} version={rollout.version} control="resume" label="Resume" variant="primary" />
            ) : null}
            <ControlForm rolloutId={rollout.id} version={rollout.version} control="abort" label="Abort" variant="danger" />
          </div>
        ) : null}
      </div>

      {state !== "PREPARING" ? (
        <div className="space-y-6">
          <Card>
            <CardHeader
              title="What it changes"
              description={
                groups.length
                  ? `${groupsSentence(groups)} · ${formatUsd(rollout.monthlyDeltaUsd, { signed: true })} a month in total`
                  : "No client to change."
              }
            />
            <CardBody className="space-y-6">
              {groups.map((g) => (
                <section key={g.key} aria-labelledby={`group-${g.label}`} className="space-y-2">
                  <h3 id={`group-${g.label}`} className="text-sm font-semibold text-slate-900">
                    Diff {g.label}: {g.clientIds.length.toLocaleString("en")} client{g.clientIds.length === 1 ? "" : "s"}
                    {g.differences.length ? ` (${g.differences.join("; ")})` : ""} · {formatUsd(g.monthlyCostDelta, { signed: true })} a
                    month
                  </h3>
                  <p className="text-xs text-slate-600">
                    {g.sampleNames.join(", ")}
                    {g.clientIds.length > g.sampleNames.length
                      ? ` and ${(g.clientIds.length - g.sampleNames.length).toLocaleString("en")} more`
                      : ""}
                  </p>
                  {g.disruptions.length ? (
                    <Alert tone="warning" title="Disruptive: waits for each client's maintenance window">
                      <ul className="list-disc pl-5">
                        {g.disruptions.map((d) => (
                          <li key={d}>{d}</li>
                        ))}
                      </ul>
                    </Alert>
                  ) : (
                    <p className="text-sm text-slate-700">
                      Nothing is replaced or removed; no parameter the blueprint marks disruptive changes.
                    </p>
                  )}
                  {g.representative.resourceChanges.length ? (
                    <ul className="text-sm text-slate-800">
                      {g.representative.resourceChanges.map((c) => (
                        <li key={`${c.action}-${c.logicalId}`}>
                          {c.action === "Add" ? "Adds" : c.action === "Remove" ? "Removes" : "Modifies"} {c.logicalId} ({c.resourceType})
                        </li>
                      ))}
                    </ul>
                  ) : null}
                  {g.diff ? (
                    <details open={groups.length === 1}>
                      <summary className="cursor-pointer text-sm font-medium text-brand-700">
                        Template diff of {g.sampleNames[0] ?? "the group"}, as every client of diff {g.label} changes (+
                        {g.diff.body.stats.added} −{g.diff.body.stats.removed} lines)
                      </summary>
                      <div className="mt-2 max-h-[36rem] overflow-y-auto">
                        <DiffView
                          label={`Template diff of group ${g.label}`}
                          hunks={g.diff.body.hunks}
                          emptyText="The template is identical."
                        />
                      </div>
                    </details>
                  ) : null}
                </section>
              ))}
            </CardBody>
          </Card>

          {excludedCount ? (
            <Card>
              <CardHeader
                title={`Not included (${excludedCount.toLocaleString("en")})`}
                description="These clients matched the selection but cannot take part now."
              />
              <CardBody>
                <Table caption="Clients not included">
                  <thead>
                    <tr>
                      <Th>Client</Th>
                      <Th>Why</Th>
                    </tr>
                  </thead>
                  <tbody className="divide-y divide-slate-100">
                    {excluded.map((t) => (
                      <tr key={t.id}>
                        <Td>
                          <Link className="text-brand-700 hover:underline" href={`/clients/${t.client.slug}`}>
                            {t.client.displayName}
                          </Link>
                        </Td>
                        <Td>{t.reason}</Td>
                      </tr>
                    ))}
                  </tbody>
                </Table>
                {excludedCount > excluded.length ? (
                  <p className="mt-2 text-xs text-slate-600">The first {excluded.length} are shown.</p>
                ) : null}
              </CardBody>
            </Card>
          ) : null}

          <Card>
            <CardHeader
              title="Waves"
              description={
                etaText
                  ? `Estimate: ${etaText}, from the median of past updates.`
                  : state === "REVIEW"
                    ? "Editable until the rollout is approved."
                    : undefined
              }
            />
            <CardBody className="space-y-4">
              {waves.map((w) => (
                <div key={w.index}>
                  <div className="flex flex-wrap justify-between gap-2 text-sm">
                    <span className="font-medium text-slate-900">
                      {w.label}: {w.total.toLocaleString("en")} client{w.total === 1 ? "" : "s"}
                    </span>
                    <span className="text-slate-700">
                      {w.phase === "baking"
                        ? "baking · "
                        : w.phase === "running"
                          ? "running · "
                          : w.phase === "done" && state !== "REVIEW"
                            ? "done · "
                            : ""}
                      {w.done} done{w.running ? `, ${w.running} updating` : ""}
                      {w.waiting ? `, ${w.waiting} waiting for their window` : ""}
                      {w.failed ? `, ${w.failed} failed` : ""}
                    </span>
                  </div>
                  <ProgressBar
                    label={`${w.label} progress`}
                    done={w.done}
                    total={w.total}
                    percent={w.total ? Math.round((w.done / w.total) * 100) : 0}
                    failed={w.failed > 0}
                    className="mt-1"
                  />
                  <p className="mt-1 text-xs text-slate-600">{w.rules}</p>
                </div>
              ))}
              {state === "REVIEW" && mayControl && snapshot.waves.length ? (
                <details>
                  <summary className="cursor-pointer text-sm font-medium text-brand-700">Edit the waves</summary>
                  <div className="mt-3">
                    <WavesForm
                      rolloutId={rollout.id}
                      version={rollout.version}
                      waves={snapshot.waves.map((w) => ({
                        label: w.label,
                        count: w.count,
                        maxConcurrency: w.maxConcurrency,
                        bakeMinutes: w.bakeMinutes,
                        toleranceKind: w.tolerance.kind,
                        toleranceValue: w.tolerance.value,
                      }))}
                    />
                  </div>
                </details>
              ) : null}
            </CardBody>
          </Card>

          <Card>
            <CardHeader
              title="Approval"
              description={`Four-eyes on the manifest: ${approvalsSentence(approvals.length, rollout.requiredApprovals)} by engineers other than ${rollout.createdBy.name}.`}
            />
            <CardBody className="space-y-3">
              <p className="text-sm text-slate-700">
                The manifest lists each client with the revision it runs, the revision it will run and its change set. Its sha256:{" "}
                <code className="break-all text-xs" data-testid="manifest-hash">
                  {rollout.manifestHash ?? "none yet"}
                </code>
              </p>
              {approvals.length ? (
                <ul className="text-sm text-slate-800">
                  {approvals.map((a) => (
                    <li key={a.id}>
                      {a.approver.name} approved on {formatDateTime(a.createdAt)}
                      {a.comment ? `: “${a.comment}”` : ""}
                    </li>
                  ))}
                </ul>
              ) : null}
              {state === "REVIEW" && rollout.manifestHash && planned > 0 ? (
                mayApprove && !approvedByMe ? (
                  <ApproveRolloutForm
                    rolloutId={rollout.id}
                    version={rollout.version}
                    manifestHash={rollout.manifestHash}
                    note={`You approve all ${planned.toLocaleString("en")} client updates above, as grouped, in these waves.`}
                  />
                ) : (
                  <p className="text-sm text-slate-700">
                    {approvedByMe
                      ? "You have approved; another engineer must approve too."
                      : rollout.createdBy.id === user.id
                        ? "Nobody approves their own rollout: another engineer reviews it."
                        : "Only engineers approve rollouts."}
                  </p>
                )
              ) : null}
            </CardBody>
          </Card>

          <Card id="results">
            <CardHeader title="Clients" description={`${planned.toLocaleString("en")} in the plan.`} />
            <CardBody>
              <nav aria-label="Filter clients by result" className="mb-3 flex flex-wrap gap-2 text-sm">
                {RESULT_FILTERS.map((f) => (
                  <Link
                    key={f}
                    href={resultHref(f)}
                    aria-current={f === result ? "page" : undefined}
                    className={
                      f === result
                        ? "rounded-md bg-brand-700 px-2 py-1 text-white"
                        : "rounded-md px-2 py-1 text-brand-700 ring-1 ring-inset ring-slate-300 hover:bg-slate-50"
                    }
                  >
                    {RESULT_FILTER_LABELS[f]}
                  </Link>
                ))}
              </nav>
              {results.length === 0 ? (
                <EmptyState title="No client here" description="Try another filter." />
              ) : (
                <Table caption="Clients of the rollout">
                  <thead>
                    <tr>
                      <Th>Client</Th>
                      <Th>Wave</Th>
                      <Th>Result</Th>
                      <Th>Details</Th>
                      {mayControl ? <Th>Actions</Th> : null}
                    </tr>
                  </thead>
                  <tbody className="divide-y divide-slate-100">
                    {results.map((t) => {
                      const label = resultLabel(t, t.progress);
                      const failed = t.progress?.state === "failed" || t.progress?.state === "degraded";
                      return (
                        <tr key={t.id}>
                          <Td>
                            <Link className="text-brand-700 hover:underline" href={`/clients/${t.client.slug}`}>
                              {t.client.displayName}
                            </Link>
                            <span className="text-xs text-slate-600"> · {t.client.environment}</span>
                          </Td>
                          <Td>{t.wave === null ? "—" : (snapshot.waves[t.wave]?.label ?? `Wave ${t.wave + 1}`)}</Td>
                          <Td>
                            <span className={failed ? "font-medium text-red-700" : undefined}>{label}</span>
                          </Td>
                          <Td>
                            {t.reason ? <span className="text-sm">{t.reason} </span> : null}
                            {t.requestId ? (
                              <Link className="text-xs text-brand-700 underline" href={`/requests/${t.requestId}`}>
                                its request
                              </Link>
                            ) : null}
                          </Td>
                          {mayControl ? (
                            <Td>
                              {failed && state !== "FINISHED" && state !== "ABORTED" ? (
                                <div className="space-y-2">
                                  <RetryForm rolloutId={rollout.id} targetId={t.id} clientName={t.client.displayName} />
                                  <SkipForm rolloutId={rollout.id} targetId={t.id} clientName={t.client.displayName} />
                                </div>
                              ) : t.state === "READY" && state !== "FINISHED" && state !== "ABORTED" ? (
                                <SkipForm rolloutId={rollout.id} targetId={t.id} clientName={t.client.displayName} />
                              ) : null}
                            </Td>
                          ) : null}
                        </tr>
                      );
                    })}
                  </tbody>
                </Table>
              )}
              <Pagination
                label="Client pages"
                firstHref={afterPosition !== undefined ? resultHref(result) : undefined}
                nextHref={nextAfter !== undefined ? resultHref(result, nextAfter) : undefined}
              />
            </CardBody>
          </Card>
        </div>
      ) : null}
    </>
  );
}
