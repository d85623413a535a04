import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { can } from "@/lib/auth/policy";
import { dossiersAvailable } from "@/lib/audit/dossier-build";
import { requirePageUser } from "@/lib/auth/session";
import { getRequest } from "@/lib/changes/queries";
import { KIND_LABELS, type Kind } from "@/lib/changes/state-machine";
import { requestPageModel, scheduleView, versionChange } from "@/lib/changes/request-view";
import { clientWindow } from "@/lib/maintenance/client-window";
import { getBlueprint } from "@/lib/catalog";
import { ChangelogList } from "@/components/ui/changelog-list";
import { PageHeader } from "@/components/ui/page-header";
import { Alert } from "@/components/ui/alert";
import { Card, CardBody, CardHeader } from "@/components/ui/card";
import { DiffView } from "@/components/ui/diff-view";
import { formatDateTime, formatUsd } from "@/components/ui/format";
import { StatusBadge } from "../../_components/status-badge";
import { FindingsList } from "../../_components/findings-list";
import { ApprovalsList } from "./_components/approvals-list";
import { DecisionForm } from "./_components/decision-form";
import { RequestActionButton } from "./_components/request-action-button";
import { Timeline } from "./_components/timeline";
import { ChangeSetPanel } from "./_components/change-set-panel";
import { AutoRefresh } from "../../_components/auto-refresh";
import { readSearchParams, textParam, type RawSearchParams } from "@/lib/http/search-params";

export const metadata: Metadata = { title: "Change request" };

const OUTCOMES: Record<string, string> = {
  submitted: "Submitted for review. An engineer will review it; you can follow it here.",
  approved: "Approved.",
  "approval-recorded": "Your approval is recorded. Another engineer must approve too.",
  rejected: "Rejected. The requester can see your reason.",
  cancelled: "Request cancelled.",
  rerendered: "Re-rendered against the current revision. The request is back in review.",
  "run-now": "It will start now, outside the maintenance window. That choice is in the change log.",
};

export default async function RequestPage({
  params,
  searchParams,
}: {
  params: Promise<{ id: string }>;
  searchParams: Promise<RawSearchParams>;
}) {
  const user = await requirePageUser("change:read");
  const [{ id }, raw] = await Promise.all([params, searchParams]);
  const { submitted, done } = readSearchParams({ submitted: textParam(20), done: textParam(40) }, raw);
  const outcome = OUTCOMES[submitted ? "submitted" : (done ?? "")];
  const request = await getRequest(id);
  if (!request) notFound();
  const { client } = request;
  const {
    stale,
    diff,
    validApprovals,
    mayDecide,
    mayCancel,
    mayRerender,
    ownRequestWaiting,
    awaitingWork,
    showsChangeSet,
    changeSet,
    target,
  } = requestPageModel(request, user);
  const blueprint = getBlueprint(client.blueprintId);
  const version = versionChange(request, blueprint);
  const schedule = blueprint ? scheduleView(request, clientWindow(client, blueprint).timeZone, user, new Date()) : null;
  return (
    <>
      {awaitingWork ? <AutoRefresh /> : null}
      <PageHeader
        title={`${KIND_LABELS[request.kind as Kind]}: ${client.displayName}`}
        description={
          <>
            Requested by {request.requester.name} on {formatDateTime(request.createdAt)} · {client.environment} · {target}
            {request.sourceRevision ? ` (revision ${request.sourceRevision.number})` : ""} ·{" "}
            <Link className="text-brand-700 underline" href={`/clients/${client.slug}`}>
              client page
            </Link>
            {can(user, "audit:read") && dossiersAvailable() ? (
              <>
                {" "}
                ·{" "}
                <a className="text-brand-700 underline" href={`/api/requests/${request.id}/dossier`} download>
                  download the dossier with proofs
                </a>
              </>
            ) : null}
          </>
        }
        actions={<StatusBadge status={request.state} />}
      />
      <div className="mb-6 space-y-3">
        {outcome ? <Alert tone="success">{outcome}</Alert> : null}
        {schedule ? (
          <Alert tone="warning" title={schedule.sentence}>
            <p>This change is disruptive, so it waits for the client&apos;s maintenance window and starts when it opens.</p>
            {schedule.mayRunNow ? (
              <div className="mt-2">
                <RequestActionButton requestId={request.id} kind="run-now" label="Run now, outside the window" variant="danger" />
              </div>
            ) : null}
          </Alert>
        ) : null}
        {request.rolloutId ? (
          <Alert tone="info" title="Part of a fleet rollout">
            This client&apos;s update is reviewed, approved and started with the others, on the{" "}
            <Link className="text-brand-700 underline" href={`/rollouts/${request.rolloutId}`}>
              rollout&apos;s page
            </Link>
            .
          </Alert>
        ) : null}
        {stale ? (
          <Alert tone="warning" title="The client has changed since this request was made">
            It can’t be approved until it is re-rendered against the client’s current revision.
          </Alert>
        ) : null}
        {request.failureReason ? (
          <Alert tone="danger" title="Why it failed">
            {request.failureReason}
          </Alert>
        ) : null}
        {request.decisionReason ? (
          <Alert tone={request.state === "REJECTED" ? "danger" : "info"} title="Reason given">
            {request.decisionReason}
          </Alert>
        ) : null}
        {version ? (
          <Alert tone="info" title={`Blueprint ${version.from} → ${version.to}`}>
            {request.kind === "RESIZE"
              ? `A resize renders the current blueprint version, so this resize also moves the client from ${version.from} to ${version.to}. It brings:`
              : `This moves the client from blueprint ${version.from} to ${version.to}. It brings:`}
            <div className="mt-2">
              <ChangelogList entries={version.entries} />
            </div>
          </Alert>
        ) : null}
        {request.reason ? (
          <Alert tone="info" title="Why this change">
            {request.reason}
          </Alert>
        ) : null}
      </div>
      <div className="grid gap-6 lg:grid-cols-3">
        <div className="space-y-6 lg:col-span-2">
          <Card>
            <CardHeader
              title="Template changes"
              description={`${request.baseRevision ? `Revision ${request.baseRevision.number}` : "Nothing yet"} → ${request.revision ? `revision ${request.revision.number}` : "no new revision"}: +${diff.body.stats.added} −${diff.body.stats.removed} lines.`}
            />
            <CardBody>
              {request.baseRevision ? (
                <DiffView
                  label="Template diff"
                  hunks={diff.body.hunks}
                  emptyText={
                    request.kind === "DECOMMISSION"
                      ? "Decommissioning deletes the stack; the template does not change."
                      : "The template is identical."
                  }
                />
              ) : (
                // A first revision is all new: folded, so the decision panel stays in view.
                <details>
                  <summary className="cursor-pointer text-sm font-medium text-brand-700">
                    Show the new template ({diff.body.stats.added} lines, all added)
                  </summary>
                  <div
                    tabIndex={0}
                    role="region"
                    aria-label="Template diff, scrollable"
                    className="mt-3 max-h-[40rem] overflow-auto focus-visible:outline focus-visible:outline-2 focus-visible:outline-brand-600"
                  >
                    <DiffView label="Template diff" hunks={diff.body.hunks} />
                  </div>
                </details>
              )}
            </CardBody>
          </Card>
          {showsChangeSet ? (
            <Card>
              <CardHeader
                title="What CloudFormation will change"
                description="From a change set created for this request on the live stack; the approval binds to it."
              />
              <CardBody>
                <ChangeSetPanel summary={changeSet} />
              </CardBody>
            </Card>
          ) : null}
          <Card>
            <CardHeader title="Parameter changes" />
            <CardBody>
              <DiffView label="Parameter diff" hunks={diff.parameters.hunks} emptyText="No parameter changes." />
            </CardBody>
          </Card>
          <Card>
            <CardHeader title="Guardrails" />
            <CardBody>
              <FindingsList findings={request.findings} />
            </CardBody>
          </Card>
          <Card>
            <CardHeader title="Timeline" description="From the change log." />
            <CardBody>
              <Timeline entries={request.timeline} />
            </CardBody>
          </Card>
        </div>
        <div className="space-y-6">
          <Card>
            <CardHeader
              title="Decision"
              description={`${validApprovals} of ${request.requiredApprovals} approval${request.requiredApprovals === 1 ? "" : "s"}. Cost ${formatUsd(request.monthlyDeltaUsd, { signed: true })}/month.`}
            />
            <CardBody className="space-y-4">
              <ApprovalsList approvals={request.approvals} />
              {mayDecide ? (
                <DecisionForm
                  requestId={request.id}
                  version={request.version}
                  approvalsNote={
                    request.requiredApprovals > 1
                      ? "This change needs two different engineers to approve."
                      : "One engineer’s approval is enough."
                  }
                />
              ) : null}
              {ownRequestWaiting && !request.rolloutId ? (
                <p className="text-sm text-slate-600">You made this request, so another person must review it.</p>
              ) : null}
              {mayRerender ? (
                <RequestActionButton
                  requestId={request.id}
                  kind="rerender"
                  label="Re-render against the current revision"
                  variant="primary"
                />
              ) : null}
              {mayCancel ? <RequestActionButton requestId={request.id} kind="cancel" label="Cancel this request" /> : null}
            </CardBody>
          </Card>
          {request.revision ? (
            <Card>
              <CardHeader title="Revision" />
              <CardBody className="text-sm">
                <p>
                  Number {request.revision.number}, size {request.revision.sizeId}
                </p>
                <p className="mt-1 break-all font-mono text-xs text-slate-600">sha256 {request.revision.sha256}</p>
              </CardBody>
            </Card>
          ) : null}
        </div>
      </div>
    </>
  );
}
