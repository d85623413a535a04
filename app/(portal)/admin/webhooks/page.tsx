import type { Metadata } from "next";
import Link from "next/link";
import { requirePageUser } from "@/lib/auth/session";
import { listEndpoints } from "@/lib/notify/queries";
import { EVENT_LABELS } from "@/lib/notify/events";
import { PageHeader } from "@/components/ui/page-header";
import { Card, CardBody, CardHeader } from "@/components/ui/card";
import { Table, Td, Th } from "@/components/ui/table";
import { Badge } from "@/components/ui/badge";
import { EmptyState } from "@/components/ui/empty-state";
import { CreateEndpointForm } from "./_components/create-endpoint-form";
import { EndpointActions } from "./_components/endpoint-actions";

export const metadata: Metadata = { title: "Webhooks" };

export default async function WebhooksPage() {
  await requirePageUser("webhook:manage");
  const endpoints = await listEndpoints();
  return (
    <>
      <PageHeader
        title="Webhooks"
        description="Stackport POSTs a signed JSON notification to each endpoint for the events it subscribes to. Sending happens after the change is saved and never holds it up; failures are retried with growing waits."
      />
      <div className="grid gap-6 lg:grid-cols-3">
        <div className="lg:col-span-2">
          {endpoints.length === 0 ? (
            <EmptyState
              title="No endpoints yet"
              description="Add one to be told when a request needs approval, is decided, when a launch ends, or when drift is found."
            />
          ) : (
            <Table caption="Webhook endpoints">
              <thead>
                <tr>
                  <Th>Endpoint</Th>
                  <Th>Events</Th>
                  <Th>Queue</Th>
                  <Th>
                    <span className="sr-only">Actions</span>
                  </Th>
                </tr>
              </thead>
              <tbody className="divide-y divide-slate-100">
                {endpoints.map((e) => {
                  const label = e.description || e.url;
                  return (
                    <tr key={e.id} data-testid={`endpoint-${e.id}`}>
                      <Td>
                        <span className="block break-all font-mono text-xs">{e.url}</span>
                        {e.description ? <span className="block text-slate-600">{e.description}</span> : null}
                        <Badge tone={e.enabled ? "success" : "neutral"} className="mt-1">
                          {e.enabled ? "Enabled" : "Disabled"}
                        </Badge>
                      </Td>
                      <Td>
                        <ul className="space-y-0.5">
                          {e.events.map((ev) => (
                            <li key={ev}>{EVENT_LABELS[ev]}</li>
                          ))}
                        </ul>
                      </Td>
                      <Td>
                        <span className="block">{e.pending} queued</span>
                        <span className={e.failed ? "block text-red-800" : "block"}>{e.failed} failed</span>
                        <Link href={`/admin/webhooks/${e.id}`} className="mt-1 block font-medium text-brand-700 hover:underline">
                          Delivery log<span className="sr-only"> for {label}</span>
                        </Link>
                      </Td>
                      <Td>
                        <EndpointActions endpointId={e.id} label={label} enabled={e.enabled} />
                      </Td>
                    </tr>
                  );
                })}
              </tbody>
            </Table>
          )}
        </div>
        <Card>
          <CardHeader title="Add an endpoint" description="You see its signing secret once, right after adding it." />
          <CardBody>
            <CreateEndpointForm />
          </CardBody>
        </Card>
      </div>
    </>
  );
}
