import Link from "next/link";
import { Badge } from "@/components/ui/badge";
import { formatUsd } from "@/components/ui/format";
import type { SizeView } from "@/lib/catalog/view";
import { CostLines } from "./cost-lines";
import { GuardrailSummary } from "./guardrail-summary";

export function SizeCard({ size }: { size: SizeView }) {
  const headingId = `size-${size.id}`;
  return (
    <article aria-labelledby={headingId} data-testid={`size-${size.id}`} className="flex flex-col rounded-lg border border-slate-200 bg-white shadow-sm">
      <div className="px-5 pt-5">
        <div className="flex items-start justify-between gap-2">
          <h3 id={headingId} className="text-lg font-semibold text-slate-900">{size.label}</h3>
          <Badge tone={size.productionReady ? "info" : "neutral"}>{size.productionReady ? "Production or staging" : "Staging only"}</Badge>
        </div>
        <p className="mt-1 min-h-[3.75rem] text-sm text-slate-600">{size.suits}</p>
        <p className="mt-4 flex items-baseline gap-1">
          <span className="text-3xl font-semibold tracking-tight text-slate-900" data-testid="monthly-cost">{formatUsd(size.cost.monthlyUsd)}</span>
          <span className="text-sm text-slate-600">/ month</span>
        </p>
        <p className="text-xs text-slate-600">Estimate, {size.cost.region} on-demand prices</p>
      </div>
      <ul aria-label={`${size.label} in brief`} className="mt-4 space-y-1.5 px-5 text-sm text-slate-800">
        {size.highlights.map((h) => (
          <li key={h} className="flex gap-2">
            <span aria-hidden="true" className="mt-2 size-1.5 shrink-0 rounded-full bg-brand-600" />
            <span>{h}</span>
          </li>
        ))}
      </ul>
      <details className="group mx-5 mt-4 rounded-md border border-slate-200 bg-slate-50">
        <summary className="cursor-pointer list-none rounded-md px-3 py-2 text-sm font-medium text-slate-800 hover:bg-slate-100 [&::-webkit-details-marker]:hidden">
          <span aria-hidden="true" className="mr-1.5 inline-block transition-transform group-open:rotate-90">›</span>
          How {formatUsd(size.cost.monthlyUsd)} adds up
        </summary>
        <CostLines cost={size.cost} caption={`${size.label} monthly cost lines`} />
      </details>
      <div className="mt-4 px-5">
        <p className="mb-1.5 text-xs font-semibold uppercase tracking-wide text-slate-600">Guardrails ({size.environment} template)</p>
        <GuardrailSummary status={size.guardrails} compact />
      </div>
      <div className="mt-auto flex flex-wrap items-center justify-between gap-2 border-t border-slate-200 px-5 py-3 text-sm">
        <span className="text-slate-600">{size.resourceCount} resources{size.twoApprovers ? " · two approvers" : ""}</span>
        <Link href={size.templateHref} className="font-medium text-brand-700 hover:underline" aria-label={`View the ${size.label} template`}>
          View template →
        </Link>
      </div>
    </article>
  );
}
