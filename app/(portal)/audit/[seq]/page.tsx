import { viaLabel } from "@/lib/audit/via-label";
import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { requirePageUser } from "@/lib/auth/session";
import { getAuditEntry } from "@/lib/audit/queries";
import { auditSeqSchema } from "@/lib/audit/schemas";
import { diffAuditDocuments } from "@/lib/audit/diff";
import { GENESIS_HASH } from "@/lib/audit/hash";
import { PageHeader } from "@/components/ui/page-header";
import { Card, CardBody, CardHeader } from "@/components/ui/card";
import { ButtonLink } from "@/components/ui/button";
import { formatDateTime } from "@/components/ui/format";
import { DiffView } from "../_components/diff-view";

export async function generateMetadata({ params }: { params: Promise<{ seq: string }> }): Promise<Metadata> {
  return { title: `Audit entry ${(await params).seq}` };
}

function Detail({ term, children }: { term: string; children: React.ReactNode }) {
  return (
    <div className="py-2 sm:grid sm:grid-cols-4 sm:gap-4">
      <dt className="text-sm font-medium text-slate-600">{term}</dt>
      <dd className="mt-1 break-all text-sm text-slate-900 sm:col-span-3 sm:mt-0">{children}</dd>
    </div>
  );
}

const none = <span className="text-slate-500">—</span>;

export default async function AuditEntryPage({ params }: { params: Promise<{ seq: string }> }) {
  await requirePageUser("audit:read");
  const seq = auditSeqSchema.safeParse((await params).seq);
  if (!seq.success) notFound();
  const found = await getAuditEntry(seq.data);
  if (!found) notFound();
  const { entry, clientSlug, hasNewer } = found;
  const diff = diffAuditDocuments(entry.before, entry.after);
  return (
    <>
      <PageHeader
        title={`Entry #${entry.seq}`}
        description={
          <>
            <span data-testid="entry-sentence">{entry.sentence}</span>, {formatDateTime(entry.at)}.
          </>
        }
        actions={
          <ButtonLink href={`/audit?before=${entry.seq + 1}`} variant="secondary">
            Back to the log
          </ButtonLink>
        }
      />
      <div className="grid items-start gap-6 lg:grid-cols-5">
        <Card className="lg:col-span-3">
          <CardHeader
            title="Change"
            description={entry.before === null && entry.after === null ? undefined : "The entity before and after, as recorded."}
          />
          <CardBody>
            {entry.before === null && entry.after === null ? (
              <p className="text-sm text-slate-600">This entry records an event with no before or after document.</p>
            ) : (
              <DiffView diff={diff} />
            )}
          </CardBody>
        </Card>
        <Card className="lg:col-span-2">
          <CardHeader title="Entry" />
          <CardBody>
            <dl className="divide-y divide-slate-100">
              <Detail term="When">
                <time dateTime={entry.at.toISOString()}>{entry.at.toISOString()}</time>
              </Detail>
              <Detail term="Actor">
                {entry.actorLabel}
                {entry.via ? <span className="block text-sm text-slate-700">{viaLabel(entry.via)}</span> : null}
                {entry.actorId ? <span className="block font-mono text-xs text-slate-600">{entry.actorId}</span> : null}
              </Detail>
              <Detail term="Action">
                <code>{entry.action}</code>
              </Detail>
              <Detail term="Entity">
                {entry.entityType}
                {entry.entityId ? <span className="block font-mono text-xs text-slate-600">{entry.entityId}</span> : null}
              </Detail>
              <Detail term="Client">
                {entry.clientId ? (
                  <>
                    {clientSlug ?? none}
                    <span className="block font-mono text-xs text-slate-600">{entry.clientId}</span>
                  </>
                ) : (
                  none
                )}
              </Detail>
              <Detail term="Request id">{entry.requestId ? <span className="font-mono text-xs">{entry.requestId}</span> : none}</Detail>
              <Detail term="Hash">
                <span className="font-mono text-xs" data-testid="entry-hash">
                  {entry.hash}
                </span>
              </Detail>
              <Detail term="Previous hash">
                <span className="font-mono text-xs" data-testid="entry-prev-hash">
                  {entry.prevHash}
                </span>
                {entry.prevHash === GENESIS_HASH ? <span className="block text-xs text-slate-600">The start of the chain.</span> : null}
              </Detail>
            </dl>
            <nav aria-label="Neighbouring entries" className="mt-4 flex justify-between text-sm">
              {entry.seq > 1 ? (
                <Link className="font-medium text-brand-700 hover:underline" href={`/audit/${entry.seq - 1}`}>
                  ← Entry #{entry.seq - 1}
                </Link>
              ) : (
                <span />
              )}
              {hasNewer ? (
                <Link className="font-medium text-brand-700 hover:underline" href={`/audit/${entry.seq + 1}`}>
                  Entry #{entry.seq + 1} →
                </Link>
              ) : (
                <span />
              )}
            </nav>
          </CardBody>
        </Card>
      </div>
    </>
  );
}
