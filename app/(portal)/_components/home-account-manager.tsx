import { accountManagerHome } from "@/lib/dashboard/home";
import type { SessionUser } from "@/lib/auth/roles";
import { Card, CardHeader } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { ButtonLink } from "@/components/ui/button";
import { Table, Td, Th } from "@/components/ui/table";
import { formatDateTime } from "@/components/ui/format";
import { InFlight } from "./in-flight";
import { StatusBadge } from "./status-badge";
import { BehindNotice } from "./behind-notice";

export async function AccountManagerHome({ user }: { user: SessionUser }) {
  const { clients, pending, inFlight, behind } = await accountManagerHome(user);
  if (clients.length === 0) {
    return (
      <EmptyState
        title="No clients yet — onboard the first one"
        description="Pick a client size, see what it costs and what it builds, and send it to an engineer for review."
        action={<ButtonLink href="/catalog">Browse client sizes</ButtonLink>}
      />
    );
  }
  return (
    <div className="space-y-6">
      <BehindNotice count={behind} whose="your" />
      <InFlight items={inFlight} />
      <Card>
        <CardHeader
          title="Your clients"
          description={pending ? `${pending} request${pending === 1 ? "" : "s"} waiting for an engineer.` : "Nothing waiting for review."}
        />
        <Table caption="Your clients">
          <thead>
            <tr>
              <Th>Client</Th>
              <Th>Size</Th>
              <Th>Environment</Th>
              <Th>Status</Th>
              <Th>Updated</Th>
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {clients.map((c) => (
              <tr key={c.id}>
                <Td>
                  <span className="font-medium">{c.displayName}</span> <span className="text-slate-500">({c.slug})</span>
                </Td>
                <Td>{c.sizeId}</Td>
                <Td>{c.environment}</Td>
                <Td>
                  <StatusBadge status={c.status} />
                </Td>
                <Td>{formatDateTime(c.updatedAt)}</Td>
              </tr>
            ))}
          </tbody>
        </Table>
      </Card>
    </div>
  );
}
