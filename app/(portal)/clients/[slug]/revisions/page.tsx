import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { z } from "zod";
import { requirePageUser } from "@/lib/auth/session";
import { getClientBySlug, getRevisionPair } from "@/lib/clients/queries";
import { revisionDiff } from "@/lib/changes/revision-diff";
import { PageHeader } from "@/components/ui/page-header";
import { Card, CardBody, CardHeader } from "@/components/ui/card";
import { DiffView } from "@/components/ui/diff-view";
import { EmptyState } from "@/components/ui/empty-state";

export const metadata: Metadata = { title: "Compare revisions" };

const pairSchema = z.object({
  from: z.coerce.number().int().positive().optional().catch(undefined),
  to: z.coerce.number().int().positive().optional().catch(undefined),
});

export default async function RevisionsPage({
  params,
  searchParams,
}: {
  params: Promise<{ slug: string }>;
  searchParams: Promise<Record<string, string | undefined>>;
}) {
  await requirePageUser("client:read");
  const client = await getClientBySlug((await params).slug);
  if (!client) notFound();
  const numbers = client.revisions.map((r) => r.number);
  if (numbers.length < 2)
    return <EmptyState title="Only one revision so far" description="Revisions appear here as the client is resized or re-applied." />;
  const query = pairSchema.parse(await searchParams);
  const to = query.to ?? numbers[0];
  const from = query.from ?? numbers.find((n) => n < to) ?? numbers[numbers.length - 1];
  const pair = await getRevisionPair(client.id, from, to);
  const select = "block rounded-md border-0 py-2 pl-3 pr-8 text-sm ring-1 ring-inset ring-slate-300";
  return (
    <>
      <PageHeader
        title={`${client.displayName}: revisions ${from} → ${to}`}
        description={
          <Link href={`/clients/${client.slug}`} className="text-brand-700 underline">
            Back to the client
          </Link>
        }
      />
      <form method="get" className="mb-6 flex flex-wrap items-end gap-3">
        <div>
          <label htmlFor="from" className="block text-sm font-medium">
            From revision
          </label>
          <select id="from" name="from" defaultValue={from} className={select}>
            {numbers.map((n) => (
              <option key={n}>{n}</option>
            ))}
          </select>
        </div>
        <div>
          <label htmlFor="to" className="block text-sm font-medium">
            To revision
          </label>
          <select id="to" name="to" defaultValue={to} className={select}>
            {numbers.map((n) => (
              <option key={n}>{n}</option>
            ))}
          </select>
        </div>
        <button
          type="submit"
          className="rounded-md bg-white px-3 py-2 text-sm font-medium ring-1 ring-inset ring-slate-300 hover:bg-slate-50"
        >
          Compare
        </button>
      </form>
      {!pair.from || !pair.to ? (
        <EmptyState
          title="That revision does not exist"
          description={`This client has revisions ${numbers.slice().reverse().join(", ")}.`}
        />
      ) : (
        <RevisionPairDiff from={pair.from} to={pair.to} />
      )}
    </>
  );
}

function RevisionPairDiff({
  from,
  to,
}: {
  from: { body: string; parameters: string; tags: string; sha256: string };
  to: { body: string; parameters: string; tags: string; sha256: string };
}) {
  const diff = revisionDiff(from, to);
  return (
    <div className="space-y-6">
      <Card>
        <CardHeader
          title="Template"
          description={`+${diff.body.stats.added} −${diff.body.stats.removed} lines · ${from.sha256.slice(0, 12)} → ${to.sha256.slice(0, 12)}`}
        />
        <CardBody>
          <DiffView label="Template diff" hunks={diff.body.hunks} emptyText="The templates are identical." />
        </CardBody>
      </Card>
      <Card>
        <CardHeader title="Parameters" />
        <CardBody>
          <DiffView label="Parameter diff" hunks={diff.parameters.hunks} emptyText="No parameter changes." />
        </CardBody>
      </Card>
    </div>
  );
}
