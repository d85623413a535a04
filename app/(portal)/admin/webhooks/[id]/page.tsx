import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { requirePageUser } from "@/lib/auth/session";
import { NotFoundError } from "@/lib/errors";
import { getEndpoint, listDeliveries } from "@/lib/notify/queries";
import { EVENT_LABELS, type DeliveryEvent, type DeliveryStatus } from "@/lib/notify/events";
import { PageHeader } from "@/components/ui/page-header";
import { Table, Td, Th } from "@/components/ui/table";
import { Badge, type Tone } from "@/components/ui/badge";
import { ButtonLink } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";
import { Pagination } from "@/components/ui/pagination";
import { formatDateTime } from "@/components/ui/format";
import { AutoRefresh } from "../../../_components/auto-refresh";
import { RetryButton } from "./_components/retry-button";
import { readSearchParams, textParam, type RawSearchParams } from "@/lib/http/search-params";

export const metadata: Metadata = { title: "Webhook deliveries" };

const STATUS: Record<DeliveryStatus, { label: string; tone: Tone }> = {
  PENDING: { label: "Pending", tone: "info" },
  DELIVERED: { label: "Delivered", tone: "success" },
  FAILED: { label: "Failed", tone: "danger" },
};

export default async function DeliveriesPage({
  params,
  searchParams,
}: {
  params: Promise<{ id: string }>;
  searchParams: Promise<RawSearchParams>;
}) {
  await requirePageUser("webhook:manage");
  const [{ id }, raw] = await Promise.all([params, searchParams]);
  const { after } = readSearchParams({ after: textParam(100) }, raw);
  const endpoint = await getEndpoint(id).catch((error) => {
    if (error instanceof NotFoundError) notFound();
    throw error;
  });
  const { deliveries, nextCursor } = await listDeliveries(endpoint.id, after);
  const base = `/admin/webhooks/${endpoint.id}`;
  return (
    <>
      <PageHeader
        title="Delivery log"
        description={
          <>
            <span className="break-all font-mono">{endpoint.url}</span>
            {endpoint.description ? ` — ${endpoint.description}` : ""}
            {endpoint.enabled ? "" : " (disabled: queued notifications wait until it is enabled)"}
          </>
        }
        actions={
          <ButtonLink href="/admin/webhooks" variant="secondary">
            All endpoints
          </ButtonLink>
        }
      />
      {deliveries.some((d) => d.status === "PENDING") ? <AutoRefresh everyMs={1500} /> : null}
      {deliveries.length === 0 ? (
        <EmptyState title="Nothing sent yet" description="Notifications for its events, and test pings, appear here newest first." />
      ) : (
        <Table caption={`Deliveries to ${endpoint.url}, newest first`}>
          <thead>
            <tr>
              <Th>Event</Th>
              <Th>Status</Th>
              <Th>Attempts</Th>
              <Th>Last response</Th>
              <Th>Queued</Th>
              <Th>
                <span className="sr-only">Actions</span>
              </Th>
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {deliveries.map((d) => {
              const status = STATUS[d.status as DeliveryStatus] ?? { label: d.status, tone: "neutral" as Tone };
              return (
                <tr key={d.id} data-testid={`delivery-${d.id}`}>
                  <Td>
                    <span className="block">{EVENT_LABELS[d.event as DeliveryEvent] ?? d.event}</span>
                    <span className="block font-mono text-xs text-slate-600">{d.id}</span>
                  </Td>
                  <Td>
                    <Badge tone={status.tone}>{status.label}</Badge>
                    {d.status === "DELIVERED" && d.deliveredAt ? (
                      <span className="mt-1 block text-xs text-slate-600">{formatDateTime(d.deliveredAt)}</span>
                    ) : null}
                    {d.status === "PENDING" && d.attempts > 0 ? (
                      <span className="mt-1 block text-xs text-slate-600">Next try {formatDateTime(d.nextAttemptAt)}</span>
                    ) : null}
                  </Td>
                  <Td>
                    <span className="block">{d.attempts}</span>
                    {d.manualRetries > 0 && d.lastRetriedAt ? (
                      <span className="mt-1 block text-xs text-slate-600">
                        {d.manualRetries === 1 ? "Retried by hand" : `Retried by hand ${d.manualRetries} times, last`}{" "}
                        {formatDateTime(d.lastRetriedAt)}
                      </span>
                    ) : null}
                  </Td>
                  <Td>
                    {d.lastStatusCode ? <span className="block">HTTP {d.lastStatusCode}</span> : null}
                    {d.lastError && d.lastError !== `HTTP ${d.lastStatusCode}` ? (
                      <span className="block text-red-800">{d.lastError}</span>
                    ) : null}
                    {!d.lastStatusCode && !d.lastError ? <span className="text-slate-500">—</span> : null}
                  </Td>
                  <Td>{formatDateTime(d.createdAt)}</Td>
                  <Td>{d.status === "FAILED" ? <RetryButton endpointId={endpoint.id} deliveryId={d.id} /> : null}</Td>
                </tr>
              );
            })}
          </tbody>
        </Table>
      )}
      <Pagination
        label="Delivery log pages"
        firstHref={after ? base : undefined}
        nextHref={nextCursor ? `${base}?after=${encodeURIComponent(nextCursor)}` : undefined}
      />
    </>
  );
}
