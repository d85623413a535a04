import type { Metadata } from "next";
import Link from "next/link";
import { requirePageUser } from "@/lib/auth/session";
import { can } from "@/lib/auth/policy";
import { accountManager, listClients } from "@/lib/clients/queries";
import { PageHeader } from "@/components/ui/page-header";
import { ButtonLink } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";
import { Table, Td, Th } from "@/components/ui/table";
import { Pagination } from "@/components/ui/pagination";
import { formatDateTime } from "@/components/ui/format";
import { StatusBadge } from "../_components/status-badge";
import { revisionVersion } from "@/lib/changes/update-plan";
import type { RawSearchParams } from "@/lib/http/search-params";
import { clientListFilters, clientListQuery, describeClientFilters } from "@/lib/clients/list-filters";

export const metadata: Metadata = { title: "Clients" };

export default async function ClientsPage({ searchParams }: { searchParams: Promise<RawSearchParams> }) {
  const user = await requirePageUser("client:read");
  const filters = clientListFilters(await searchParams);
  const { q, after, behind } = filters;
  const [{ rows, total, nextCursor }, owner] = await Promise.all([
    listClients(filters),
    filters.owner ? accountManager(filters.owner) : Promise.resolve(null),
  ]);
  const onboard = can(user, "client:onboard") ? <ButtonLink href="/clients/new">Onboard a client</ButtonLink> : null;
  const query = clientListQuery(filters);
  const narrowed = describeClientFilters(filters, owner?.name);
  const onlyBehind = behind && !q && !filters.status && !filters.drifted && !filters.inFlight && !filters.owner;
  return (
    <>
      <PageHeader
        title="Clients"
        description={`${total} client${total === 1 ? "" : "s"}${q ? ` matching “${q}”` : ""}${narrowed ? ` ${narrowed}` : ""}.`}
        actions={onboard}
      />
      {filters.owner && !owner ? (
        <p role="alert" className="mb-4 rounded-md bg-amber-50 px-3 py-2 text-sm text-amber-900 ring-1 ring-inset ring-amber-200">
          The link asks for the clients of an account manager Stackport does not know (owner). Pick one on the{" "}
          <Link href="/fleet" className="font-medium underline">
            fleet page
          </Link>{" "}
          or{" "}
          <Link href="/clients" className="font-medium underline">
            see every client
          </Link>
          .
        </p>
      ) : null}
      <form method="get" className="mb-4 flex max-w-md gap-2" role="search">
        <label htmlFor="client-search" className="sr-only">
          Search clients
        </label>
        <input
          id="client-search"
          name="q"
          defaultValue={q}
          placeholder="Search by name or slug"
          className="block w-full rounded-md border-0 px-3 py-2 text-sm ring-1 ring-inset ring-slate-300"
        />
        {/* The health filters (from the fleet page and the home) stay while searching. */}
        {filters.status ? <input type="hidden" name="status" value={filters.status} /> : null}
        {filters.drifted ? <input type="hidden" name="drifted" value="1" /> : null}
        {filters.inFlight ? <input type="hidden" name="inflight" value="1" /> : null}
        {filters.owner ? <input type="hidden" name="owner" value={filters.owner} /> : null}
        <button
          type="submit"
          className="rounded-md bg-white px-3 py-2 text-sm font-medium ring-1 ring-inset ring-slate-300 hover:bg-slate-50"
        >
          Search
        </button>
        <label className="flex shrink-0 items-center gap-2 text-sm text-slate-700">
          <input type="checkbox" name="behind" value="1" defaultChecked={behind} />
          Behind the current blueprint version
        </label>
      </form>
      {rows.length === 0 ? (
        onlyBehind ? (
          <EmptyState title="Every client runs the current blueprint version" description="Nothing to update." />
        ) : narrowed ? (
          <EmptyState
            title={`No clients ${narrowed}${q ? ` matching “${q}”` : ""}`}
            description={
              <Link href="/clients" className="font-medium text-brand-700 underline">
                See every client
              </Link>
            }
          />
        ) : q ? (
          <EmptyState title="No clients match" description="Try another name or slug." />
        ) : (
          <EmptyState title="No clients yet — onboard the first one" action={onboard} />
        )
      ) : (
        <>
          <Table caption="Clients">
            <thead>
              <tr>
                <Th>Client</Th>
                <Th>Size</Th>
                <Th>Environment</Th>
                <Th>Region</Th>
                <Th>Owner</Th>
                <Th>Status</Th>
                <Th>Updated</Th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {rows.map((c) => (
                <tr key={c.id}>
                  <Td>
                    <Link href={`/clients/${c.slug}`} className="font-medium text-brand-700 hover:underline">
                      {c.displayName}
                    </Link>
                    <span className="block text-xs text-slate-500">{c.slug}</span>
                  </Td>
                  <Td>
                    {c.sizeId}
                    {c.currentRevision ? (
                      <span className="block text-xs text-slate-500">blueprint {revisionVersion(c.currentRevision)}</span>
                    ) : null}
                  </Td>
                  <Td>{c.environment}</Td>
                  <Td>{c.region}</Td>
                  <Td>{c.owner.name}</Td>
                  <Td>
                    <StatusBadge status={c.status} />
                  </Td>
                  <Td>{formatDateTime(c.updatedAt)}</Td>
                </tr>
              ))}
            </tbody>
          </Table>
          <Pagination
            label="Client pages"
            firstHref={after ? `/clients?${query}` : undefined}
            nextHref={nextCursor ? `/clients?${query}after=${encodeURIComponent(nextCursor)}` : undefined}
          />
        </>
      )}
    </>
  );
}
