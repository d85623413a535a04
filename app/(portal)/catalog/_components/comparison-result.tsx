import Link from "next/link";
import { Card, CardBody, CardHeader } from "@/components/ui/card";
import { Table, Td, Th } from "@/components/ui/table";
import { formatUsd } from "@/components/ui/format";
import { cn } from "@/components/ui/cn";
import type { ComparisonView } from "@/lib/catalog/view";
import { capitalise } from "@/lib/text";

export function ComparisonResult({ comparison: c, blueprintId }: { comparison: ComparisonView; blueprintId: string }) {
  const same = c.from.id === c.to.id;
  const delta = c.monthlyDeltaUsd;
  const tone = delta > 0 ? "text-amber-800" : delta < 0 ? "text-emerald-800" : "text-slate-700";
  return (
    <Card data-testid="comparison">
      <CardHeader
        title={`${c.from.label} → ${c.to.label}`}
        description={same ? "The same size: nothing changes." : `${c.changes.length} setting${c.changes.length === 1 ? "" : "s"} change.`}
      />
      <CardBody className="space-y-5">
        <div className="flex flex-wrap items-end justify-between gap-4 rounded-md bg-slate-50 px-4 py-3">
          <div>
            <p className="text-xs font-semibold uppercase tracking-wide text-slate-600">Monthly estimate</p>
            <p className={cn("text-2xl font-semibold tracking-tight", tone)} data-testid="cost-delta">
              {c.deltaText}
            </p>
          </div>
          <p className="text-sm tabular-nums text-slate-700">
            {formatUsd(c.from.monthlyUsd)} → {formatUsd(c.to.monthlyUsd)} a month
          </p>
        </div>
        {same ? null : (
          <>
            <div>
              <h3 className="text-sm font-semibold text-slate-900">In plain words</h3>
              <ul className="mt-2 list-disc space-y-1 pl-5 text-sm text-slate-800">
                {c.sentences.slice(0, -1).map((s) => (
                  <li key={s}>{s}</li>
                ))}
              </ul>
            </div>
            <details className="group rounded-md border border-slate-200">
              <summary className="cursor-pointer list-none rounded-md px-4 py-2.5 text-sm font-medium text-slate-800 hover:bg-slate-50 [&::-webkit-details-marker]:hidden">
                <span aria-hidden="true" className="mr-1.5 inline-block transition-transform group-open:rotate-90">
                  ›
                </span>
                Setting by setting
              </summary>
              <Table className="rounded-none border-x-0 border-b-0" caption={`Settings that change from ${c.from.label} to ${c.to.label}`}>
                <thead>
                  <tr>
                    <Th>Setting</Th>
                    <Th>{c.from.label}</Th>
                    <Th>{c.to.label}</Th>
                    <Th>During the change</Th>
                  </tr>
                </thead>
                <tbody className="divide-y divide-slate-100">
                  {c.changes.map((ch) => (
                    <tr key={ch.label}>
                      <Td className="whitespace-nowrap font-medium">{capitalise(ch.label)}</Td>
                      <Td>{ch.from}</Td>
                      <Td>{ch.to}</Td>
                      <Td className="text-slate-600">{ch.note ?? "—"}</Td>
                    </tr>
                  ))}
                </tbody>
              </Table>
            </details>
          </>
        )}
        <p className="text-sm">
          <Link href={`/catalog/${blueprintId}/${c.from.id}`} className="font-medium text-brand-700 hover:underline">
            {c.from.label} template
          </Link>
          <span aria-hidden="true" className="mx-2 text-slate-400">
            ·
          </span>
          <Link href={`/catalog/${blueprintId}/${c.to.id}`} className="font-medium text-brand-700 hover:underline">
            {c.to.label} template
          </Link>
        </p>
      </CardBody>
    </Card>
  );
}
