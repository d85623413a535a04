import Link from "next/link";
import { Badge } from "@/components/ui/badge";
import { formatUsd } from "@/components/ui/format";
import type { SizeView } from "@/lib/catalog/view";
import { GuardrailSummary } from "./guardrail-summary";

export function SizeCard({ size }: { size: SizeView }) {
  const headingId = `size-${size.id}`;
  return (
    <article
      aria-labelledby={headingId}
      data-testid={`size-${size.id}`}
      className="flex flex-col rounded-lg border border-slate-200 bg-white shadow-sm"
    >
      <div className="px-5 pt-5">
        <div className="flex items-start justify-between gap-2">
          <h3 id={headingId} className="text-lg font-semibold text-slate-900">
            {size.label}
          </h3>
          <Badge tone={size.productionReady ? "info" : "neutral"}>{size.productionReady ? "Production" : "Staging only"}</Badge>
        </div>
        <p className="mt-1 min-h-[3.75rem] text-sm text-slate-600">{size.suits}</p>
        <p className="mt-4 flex items-baseline gap-1">
          <span className="text-3xl font-semibold tracking-tight text-slate-900" data-testid="monthly-cost">
            {formatUsd(size.cost.monthlyUsd)}
          </span>
          <span className="text-sm text-slate-600">/ month</span>
        </p>
        <p className="text-xs text-slate-600">Estimate, {size.cost.region} on-demand prices</p>
      </div>
      <ul aria-label={`${size.label} in brief`} className="mt-4 flex-1 space-y-1.5 px-5 text-sm text-slate-800">
        {size.highlights.map((h) => (
          <li key={h} className="flex gap-2">
            <span aria-hidden="true" className="mt-2 size-1.5 shrink-0 rounded-full bg-brand-600" />
            <span>{h}</span>
          </li>
        ))}
      </ul>
      <div className="mt-4 px-5">
        <p className="mb-1.5 text-xs font-semibold uppercase tracking-wide text-slate-600">Guardrails · {size.environment}</p>
        <GuardrailSummary status={size.guardrails} compact />
      </div>
      <div className="mt-4 flex flex-wrap items-center justify-between gap-2 border-t border-slate-200 px-5 py-3 text-sm">
        <span className="text-slate-600">{size.resourceCount} resources</span>
        <Link
          href={size.templateHref}
          className="font-medium text-brand-700 hover:underline"
          aria-label={`View the ${size.label} template`}
        >
          View template →
        </Link>
      </div>
    </article>
  );
}
