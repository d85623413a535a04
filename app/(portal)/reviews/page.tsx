import type { Metadata } from "next";
import Link from "next/link";
import { requirePageUser } from "@/lib/auth/session";
import { reviewQueue } from "@/lib/changes/queries";
import { queueFiltersSchema } from "@/lib/changes/schemas";
import { KIND_LABELS, KINDS } from "@/lib/changes/state-machine";
import { listBlueprints } from "@/lib/catalog";
import { PageHeader } from "@/components/ui/page-header";
import { EmptyState } from "@/components/ui/empty-state";
import { Table, Td, Th } from "@/components/ui/table";
import { Pagination } from "@/components/ui/pagination";
import { Badge } from "@/components/ui/badge";
import { formatDateTime, formatUsd } from "@/components/ui/format";

export const metadata: Metadata = { title: "Reviews" };

const select = "block rounded-md border-0 py-2 pl-3 pr-8 text-sm ring-1 ring-inset ring-slate-300";

export default async function ReviewsPage({ searchParams }: { searchParams: Promise<Record<string, string | undefined>> }) {
  const user = await requirePageUser("change:review");
  const filters = queueFiltersSchema.parse(await searchParams);
  const { rows, total, nextCursor } = await reviewQueue(filters);
  const sizes = [...new Set(listBlueprints().flatMap((b) => b.sizes.map((s) => s.id)))];
  const query = new URLSearchParams(
    Object.entries({ client: filters.client, kind: filters.kind, size: filters.size }).filter((e): e is [string, string] => Boolean(e[1])),
  );
  const filtered = query.size > 0;
  return (
    <>
      <PageHeader title="Review queue" description={`${total} request${total === 1 ? "" : "s"} waiting, oldest first.`} />
      <form method="get" className="mb-4 flex flex-wrap items-end gap-3" aria-label="Filter the queue">
        <div>
          <label htmlFor="f-client" className="block text-sm font-medium">
            Client
          </label>
          <input id="f-client" name="client" defaultValue={filters.client} className={select} />
        </div>
        <div>
          <label htmlFor="f-kind" className="block text-sm font-medium">
            Kind
          </label>
          <select id="f-kind" name="kind" defaultValue={filters.kind ?? ""} className={select}>
            <option value="">Any</option>
            {KINDS.map((k) => (
              <option key={k} value={k}>
                {KIND_LABELS[k]}
              </option>
            ))}
          </select>
        </div>
        <div>
          <label htmlFor="f-size" className="block text-sm font-medium">
            Size
          </label>
          <select id="f-size" name="size" defaultValue={filters.size ?? ""} className={select}>
            <option value="">Any</option>
            {sizes.map((s) => (
              <option key={s} value={s}>
                {s}
              </option>
            ))}
          </select>
        </div>
        <button
          type="submit"
          className="rounded-md bg-white px-3 py-2 text-sm font-medium ring-1 ring-inset ring-slate-300 hover:bg-slate-50"
        >
          Filter
        </button>
        {filtered ? (
          <Link href="/reviews" className="py-2 text-sm font-medium text-brand-700 hover:underline">
            Clear filters
          </Link>
        ) : null}
      </form>
      {rows.length === 0 ? (
        <EmptyState
          title={filtered ? "No waiting requests match these filters" : "Nothing waiting for review"}
          description="Change requests from account managers appear here, oldest first."
        />
      ) : (
        <>
          <Table caption="Change requests waiting for review">
            <thead>
              <tr>
                <Th>Client</Th>
                <Th>Change</Th>
                <Th>Requested by</Th>
                <Th>Approvals</Th>
                <Th>Cost</Th>
                <Th>Waiting since</Th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {rows.map((r) => (
                <tr key={r.id}>
                  <Td>
                    <Link href={`/requests/${r.id}`} className="font-medium text-brand-700 hover:underline">
                      {r.client.displayName}
                    </Link>
                    <span className="block text-xs text-slate-500">{r.client.environment}</span>
                  </Td>
                  <Td>
                    {KIND_LABELS[r.kind as keyof typeof KIND_LABELS]}
                    {r.toSizeId ? ` · ${r.fromSizeId ? `${r.fromSizeId} → ` : ""}${r.toSizeId}` : ""}
                  </Td>
                  <Td>
                    {r.requester.name}
                    {r.requester.email === user.email ? <Badge className="ml-2">you</Badge> : null}
                  </Td>
                  <Td>
                    {r.approvals.length} of {r.requiredApprovals}
                  </Td>
                  <Td className="tabular-nums">{formatUsd(r.monthlyDeltaUsd, { signed: true })}/mo</Td>
                  <Td>{formatDateTime(r.createdAt)}</Td>
                </tr>
              ))}
            </tbody>
          </Table>
          <Pagination
            label="Queue pages"
            firstHref={filters.after ? `/reviews?${query}` : undefined}
            nextHref={nextCursor ? `/reviews?${query}${query.size ? "&" : ""}after=${encodeURIComponent(nextCursor)}` : undefined}
          />
        </>
      )}
    </>
  );
}
