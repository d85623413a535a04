import Link from "next/link";
import { engineerHome } from "@/lib/dashboard/home";
import { Card, CardHeader } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { Table, Td, Th } from "@/components/ui/table";
import { formatDateTime } from "@/components/ui/format";
import { InFlight } from "./in-flight";
import { StatusBadge } from "./status-badge";
import { BehindNotice } from "./behind-notice";
import { FleetHealth } from "./fleet-health";

export async function EngineerHome() {
  const { queue, attention, inFlight, behind, fleet } = await engineerHome();
  return (
    <div className="space-y-6">
      <BehindNotice count={behind} whose="all" />
      <Card>
        <CardHeader
          title="Fleet health"
          description="Every client, counted by what needs someone."
          actions={
            <Link href="/fleet" className="text-sm font-medium text-brand-700 hover:underline">
              Open the fleet page
            </Link>
          }
        />
        <div className="px-5 py-4">
          <FleetHealth figures={fleet} />
        </div>
      </Card>
      {attention.length > 0 ? (
        <Card>
          <CardHeader title="Needs attention" description="Failed clients first, then degraded ones." />
          <ul className="divide-y divide-slate-100">
            {attention.map((c) => (
              <li key={c.id} className="flex items-center justify-between gap-4 px-5 py-3 text-sm">
                <span>
                  <Link href={`/clients/${c.slug}`} className="font-medium text-brand-700 hover:underline">
                    {c.displayName}
                  </Link>
                  {c.statusReason ? <span className="ml-2 text-slate-600">{c.statusReason}</span> : null}
                </span>
                <StatusBadge status={c.status} />
              </li>
            ))}
          </ul>
        </Card>
      ) : null}
      <InFlight items={inFlight} />
      {queue.length === 0 ? (
        <EmptyState title="Nothing waiting for review" description="Change requests from account managers appear here, oldest first." />
      ) : (
        <Card>
          <CardHeader title="Review queue" description="Oldest first." />
          <Table caption="Change requests waiting for review">
            <thead>
              <tr>
                <Th>Client</Th>
                <Th>Change</Th>
                <Th>Requested by</Th>
                <Th>Since</Th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {queue.map((r) => (
                <tr key={r.id}>
                  <Td className="font-medium">{r.client.displayName}</Td>
                  <Td>
                    {r.kind.toLowerCase()}
                    {r.toSizeId ? ` → ${r.toSizeId}` : ""}
                  </Td>
                  <Td>{r.requester.name}</Td>
                  <Td>{formatDateTime(r.createdAt)}</Td>
                </tr>
              ))}
            </tbody>
          </Table>
        </Card>
      )}
    </div>
  );
}
