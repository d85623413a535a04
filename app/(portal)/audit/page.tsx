import { viaLabel } from "@/lib/audit/via-label";
import type { Metadata } from "next";
import { requirePageUser } from "@/lib/auth/session";
import { can } from "@/lib/auth/policy";
import { listAuditActions, listAuditEntries, SCAN_LIMIT } from "@/lib/audit/queries";
import { AUDIT_PAGE_SIZE, filterQuery, parseAuditSearch } from "@/lib/audit/schemas";
import { PageHeader } from "@/components/ui/page-header";
import { Card, CardBody, CardHeader } from "@/components/ui/card";
import { Alert } from "@/components/ui/alert";
import { EmptyState } from "@/components/ui/empty-state";
import { FilterForm } from "./_components/filter-form";
import { EntryTable, type EntryRow } from "./_components/entry-table";
import type { AuditListEntry } from "@/lib/audit/queries";
import { formatDateTime } from "@/components/ui/format";
import { AuditPager } from "./_components/audit-pager";
import { VerifyChain } from "./_components/verify-chain";

export const metadata: Metadata = { title: "Audit log" };

const download =
  "inline-flex items-center rounded-md bg-white px-3.5 py-2 text-sm font-medium text-slate-800 ring-1 ring-inset ring-slate-300 hover:bg-slate-50";

export default async function AuditLogPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const user = await requirePageUser("audit:read");
  const parsed = parseAuditSearch(await searchParams);
  const [page, actions] = await Promise.all([parsed.ok ? listAuditEntries(parsed.search) : null, listAuditActions()]);
  const values = parsed.values;
  const exportHref = (format: string) => `/api/audit/export${filterQuery(values, { format })}`;
  const bounded = page?.searchedDownTo != null;
  return (
    <>
      <PageHeader
        title="Audit log"
        description="Every change in Stackport, in order. Each entry is sealed with a hash over its content and the hash of the entry before it, so any edit or deletion shows."
        actions={
          <>
            <a className={download} href={exportHref("csv")} download>
              Export CSV
            </a>
            <a className={download} href={exportHref("ndjson")} download>
              Export NDJSON
            </a>
          </>
        }
      />
      <div className="grid items-start gap-6 lg:grid-cols-4">
        <div className="space-y-6 lg:col-span-3">
          <Card>
            <CardBody>
              <FilterForm values={values} errors={parsed.ok ? {} : parsed.fieldErrors} actions={actions} />
            </CardBody>
          </Card>
          {!parsed.ok ? (
            <Alert tone="danger" title="Some filters need attention">
              Correct the fields marked above; no entries are shown until then.
            </Alert>
          ) : null}
          {page && bounded ? (
            <Alert tone="info">
              Text and label searches look through up to {SCAN_LIMIT.toLocaleString("en-US")} entries per page; this page searched back to
              entry #{page.searchedDownTo}.
            </Alert>
          ) : null}
          {page && page.entries.length === 0 ? (
            <EmptyState
              title="No entries match these filters"
              description={
                page.older
                  ? "None in the entries searched so far — older entries may still match."
                  : "Try a wider date range or fewer filters."
              }
            />
          ) : null}
          {page && page.entries.length > 0 ? <EntryTable rows={entryRows(page.entries, page.clientSlugs)} /> : null}
          {page ? (
            <AuditPager
              newestHref={parsed.ok && parsed.search.before ? `/audit${filterQuery(values)}` : undefined}
              olderHref={page.older ? `/audit${filterQuery(values, { before: page.older })}` : undefined}
              olderLabel={bounded && page.entries.length < AUDIT_PAGE_SIZE ? "Search older entries" : "Older entries"}
            />
          ) : null}
        </div>
        {can(user, "audit:verify") ? (
          <Card className="h-fit">
            <CardHeader title="Verify the chain" />
            <CardBody>
              <VerifyChain />
            </CardBody>
          </Card>
        ) : null}
      </div>
    </>
  );
}

function entryRows(entries: AuditListEntry[], clientSlugs: Record<string, string>): EntryRow[] {
  return entries.map((e) => ({
    seq: e.seq,
    at: e.at.toISOString(),
    atLabel: formatDateTime(e.at),
    sentence: e.sentence,
    actorLabel: e.actorId ? e.actorLabel : null,
    via: viaLabel(e.via),
    client: e.clientId ? (clientSlugs[e.clientId] ?? e.clientId) : null,
    clientKnown: Boolean(e.clientId && clientSlugs[e.clientId]),
  }));
}
