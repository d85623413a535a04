import type { Metadata } from "next";
import Link from "next/link";
import { requirePageUser } from "@/lib/auth/session";
import { can } from "@/lib/auth/policy";
import { getBlueprint } from "@/lib/catalog";
import { listRollouts } from "@/lib/rollouts/queries";
import type { RolloutState } from "@/lib/rollouts/state";
import { PageHeader } from "@/components/ui/page-header";
import { ButtonLink } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";
import { Table, Td, Th } from "@/components/ui/table";
import { Pagination } from "@/components/ui/pagination";
import { formatDateTime } from "@/components/ui/format";
import { RolloutStateBadge } from "./_components/rollout-state-badge";
import { readSearchParams, textParam, type RawSearchParams } from "@/lib/http/search-params";

export const metadata: Metadata = { title: "Rollouts" };

export default async function RolloutsPage({ searchParams }: { searchParams: Promise<RawSearchParams> }) {
  const user = await requirePageUser("rollout:read");
  const { after } = readSearchParams({ after: textParam(200) }, await searchParams);
  const { rows, next } = await listRollouts(after);
  const create = can(user, "rollout:create") ? <ButtonLink href="/rollouts/new">New rollout</ButtonLink> : null;
  return (
    <>
      <PageHeader
        title="Rollouts"
        description="One reviewed change to many clients, in waves that stop at the first sign of trouble."
        actions={create}
      />
      {rows.length === 0 ? (
        <EmptyState
          title={after ? "No more rollouts" : "No rollout yet"}
          description="When a blueprint version ships, a rollout brings every client behind up to it: start one with “New rollout”."
        />
      ) : (
        <>
          <Table caption="Rollouts">
            <thead>
              <tr>
                <Th>Rollout</Th>
                <Th>Clients</Th>
                <Th>State</Th>
                <Th>Prepared by</Th>
                <Th>Created</Th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {rows.map((r) => {
                const planned = (r.counts.READY ?? 0) + (r.counts.RELEASED ?? 0) + (r.counts.DONE ?? 0) + (r.counts.SKIPPED ?? 0);
                return (
                  <tr key={r.id}>
                    <Td>
                      <Link className="font-medium text-brand-700 hover:underline" href={`/rollouts/${r.id}`}>
                        {getBlueprint(r.blueprintId)?.name ?? r.blueprintId} {r.toVersion}
                      </Link>
                      {r.reason ? <p className="text-xs text-slate-600">{r.reason}</p> : null}
                    </Td>
                    <Td>
                      {planned.toLocaleString("en")}
                      {r.counts.EXCLUDED ? <span className="text-slate-600"> (+{r.counts.EXCLUDED} not included)</span> : null}
                    </Td>
                    <Td>
                      <RolloutStateBadge state={r.state as RolloutState} />
                    </Td>
                    <Td>{r.createdBy.name}</Td>
                    <Td>{formatDateTime(r.createdAt)}</Td>
                  </tr>
                );
              })}
            </tbody>
          </Table>
          <Pagination
            label="Rollout pages"
            firstHref={after ? "/rollouts" : undefined}
            nextHref={next ? `/rollouts?after=${encodeURIComponent(next)}` : undefined}
          />
        </>
      )}
    </>
  );
}
