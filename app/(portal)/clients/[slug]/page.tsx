import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { requirePageUser } from "@/lib/auth/session";
import { clientPageModel } from "@/lib/clients/client-view";
import { getClientBySlug } from "@/lib/clients/queries";
import { getBlueprint } from "@/lib/catalog";
import { KIND_LABELS, type Kind } from "@/lib/changes/state-machine";
import { PageHeader } from "@/components/ui/page-header";
import { Card, CardBody, CardHeader } from "@/components/ui/card";
import { Table, Td, Th } from "@/components/ui/table";
import { Badge } from "@/components/ui/badge";
import { formatDateTime, formatUsd } from "@/components/ui/format";
import { StatusBadge } from "../../_components/status-badge";
import { DecommissionForm, ReapplyButton, ResizeForm } from "./_components/change-forms";
import { UpdateForm } from "./_components/update-form";
import { WindowForm } from "./_components/window-form";
import { clientWindow } from "@/lib/maintenance/client-window";
import { windowWords } from "@/lib/catalog/view";
import { can } from "@/lib/auth/policy";
import { revisionVersion } from "@/lib/changes/update-plan";
import { LiveStatusPanel } from "./_components/live-status";
import { AutoRefresh } from "../../_components/auto-refresh";
import { DriftPanel, RecoverForm, RecreateForm } from "./_components/drift-and-recovery";
import { liveStatus } from "@/lib/tracker/queries";

export async function generateMetadata({ params }: { params: Promise<{ slug: string }> }): Promise<Metadata> {
  return { title: (await params).slug };
}

export default async function ClientPage({ params }: { params: Promise<{ slug: string }> }) {
  const user = await requirePageUser("client:read");
  const client = await getClientBySlug((await params).slug);
  if (!client) notFound();
  const blueprint = getBlueprint(client.blueprintId);
  const live = await liveStatus(client.id, { knownClient: client, foldFinished: true });
  const {
    waitingForStart,
    hasStack,
    mayChange,
    mayContinueRollback,
    mayRecreate,
    mayCheckDrift,
    driftFindings,
    sizes,
    blueprintVersion: bv,
  } = clientPageModel(client, live, blueprint, user);
  const window = blueprint ? clientWindow(client, blueprint) : null;
  return (
    <>
      {waitingForStart ? <AutoRefresh /> : null}
      <PageHeader
        title={client.displayName}
        description={
          <>
            {client.slug} · {blueprint?.name ?? client.blueprintId}
            {bv ? (
              <span data-testid="blueprint-version">
                {" "}
                · Blueprint {bv.version}
                {bv.behind ? ` (current: ${bv.current})` : ""}
              </span>
            ) : null}{" "}
            · {client.sizeId} · {client.environment} · {client.region} · owner {client.owner.name} · stack{" "}
            <code className="text-xs">{client.stackName}</code>
          </>
        }
        actions={<StatusBadge status={client.status} />}
      />
      {client.statusReason ? <p className="mb-4 text-sm text-slate-700">{client.statusReason}</p> : null}
      <div className="grid gap-6 lg:grid-cols-3">
        <div className="space-y-6 lg:col-span-2">
          <Card>
            <CardHeader
              title="Stack"
              description={client.stackId ? <code className="break-all text-xs">{client.stackId}</code> : undefined}
            />
            <CardBody>{live ? <LiveStatusPanel key={live.operation?.id ?? "none"} slug={client.slug} initial={live} /> : null}</CardBody>
          </Card>
          <Card>
            <CardHeader title="Change requests" />
            <Table caption="Change requests for this client" className="rounded-none border-0">
              <thead>
                <tr>
                  <Th>Change</Th>
                  <Th>State</Th>
                  <Th>Requested by</Th>
                  <Th>When</Th>
                </tr>
              </thead>
              <tbody className="divide-y divide-slate-100">
                {client.requests.map((r) => (
                  <tr key={r.id}>
                    <Td>
                      <Link href={`/requests/${r.id}`} className="font-medium text-brand-700 hover:underline">
                        {KIND_LABELS[r.kind as Kind]}
                        {r.toSizeId ? ` · ${r.toSizeId}` : ""}
                      </Link>
                    </Td>
                    <Td>
                      <StatusBadge status={r.state} />
                    </Td>
                    <Td>{r.requester.name}</Td>
                    <Td>{formatDateTime(r.createdAt)}</Td>
                  </tr>
                ))}
              </tbody>
            </Table>
          </Card>
          <Card>
            <CardHeader
              title="Revision history"
              description="Every rendered template, newest first. Compare any two."
              actions={
                client.revisions.length > 1 ? (
                  <Link className="text-sm font-medium text-brand-700 hover:underline" href={`/clients/${client.slug}/revisions`}>
                    Compare revisions
                  </Link>
                ) : null
              }
            />
            <Table caption="Template revisions" className="rounded-none border-0">
              <thead>
                <tr>
                  <Th>Revision</Th>
                  <Th>Size</Th>
                  <Th>sha256</Th>
                  <Th>Created</Th>
                  <Th>
                    <span className="sr-only">Actions</span>
                  </Th>
                </tr>
              </thead>
              <tbody className="divide-y divide-slate-100">
                {client.revisions.map((rev) => (
                  <tr key={rev.id}>
                    <Td>
                      {rev.number} {rev.id === client.currentRevisionId ? <Badge tone="success">current</Badge> : null}
                    </Td>
                    <Td>
                      {rev.sizeId}
                      <span className="block text-xs text-slate-600">blueprint {revisionVersion(rev)}</span>
                    </Td>
                    <Td>
                      <code className="text-xs">{rev.sha256.slice(0, 12)}</code>
                    </Td>
                    <Td>{formatDateTime(rev.createdAt)}</Td>
                    <Td>
                      {mayChange && rev.id !== client.currentRevisionId ? <ReapplyButton clientId={client.id} number={rev.number} /> : null}
                    </Td>
                  </tr>
                ))}
              </tbody>
            </Table>
          </Card>
        </div>
        <div className="space-y-6">
          {mayContinueRollback ? (
            <Card>
              <CardHeader title="Recover the stack" />
              <CardBody>
                <RecoverForm clientId={client.id} />
              </CardBody>
            </Card>
          ) : null}
          {mayRecreate ? (
            <Card>
              <CardHeader title="Launch again" />
              <CardBody>
                <RecreateForm clientId={client.id} />
              </CardBody>
            </Card>
          ) : null}
          {hasStack ? (
            <Card>
              <CardHeader title="Drift" description="Does the live stack still match its approved template?" />
              <CardBody>
                <DriftPanel
                  clientId={client.id}
                  status={client.driftStatus}
                  checkedAt={client.driftCheckedAt?.toISOString() ?? null}
                  findings={driftFindings}
                  canCheck={mayCheckDrift}
                />
              </CardBody>
            </Card>
          ) : null}
          {window && hasStack ? (
            <Card>
              <CardHeader
                title="Maintenance window"
                description={`${windowWords(window)}${window.custom ? "" : " — the blueprint's default"}. Approved disruptive changes wait for it.`}
              />
              {can(user, "client:onboard") ? (
                <CardBody>
                  <WindowForm clientId={client.id} window={window} />
                </CardBody>
              ) : null}
            </Card>
          ) : null}
          {mayChange ? (
            <>
              {bv ? (
                <Card>
                  <CardHeader
                    title="Update"
                    description="Move to the blueprint's current version and change the client's settings; reviewed and approved like a resize."
                  />
                  <CardBody>
                    <UpdateForm
                      clientId={client.id}
                      version={bv.version}
                      current={bv.current}
                      entries={bv.step.entries}
                      settings={bv.settings}
                    />
                  </CardBody>
                </Card>
              ) : null}
              <Card>
                <CardHeader title="Resize" />
                <CardBody>
                  <ResizeForm
                    clientId={client.id}
                    sizes={sizes.map((s) => ({ id: s.id, label: s.label, note: `${formatUsd(s.monthlyUsd)}/month` }))}
                    current={client.sizeId}
                  />
                </CardBody>
              </Card>
              <Card>
                <CardHeader title="Decommission" />
                <CardBody>
                  <DecommissionForm clientId={client.id} slug={client.slug} />
                </CardBody>
              </Card>
            </>
          ) : (
            <Card>
              <CardBody>
                <p className="text-sm text-slate-600">
                  {hasStack
                    ? "You can view this client; changes are requested by account managers and engineers."
                    : "Changes can be requested once the client’s stack is live."}
                </p>
              </CardBody>
            </Card>
          )}
        </div>
      </div>
    </>
  );
}
