import { Badge } from "@/components/ui/badge";
import type { GuardrailStatus } from "@/lib/catalog/view";

/** All pass, or each finding with its rule and resource. */
export function GuardrailSummary({ status, compact = false }: { status: GuardrailStatus; compact?: boolean }) {
  const tone = status.blocking ? "danger" : status.findings.length ? "warning" : "success";
  return (
    <div>
      <Badge tone={tone}>
        <span aria-hidden="true" className="mr-1">
          {status.findings.length ? "!" : "✓"}
        </span>
        {status.headline}
      </Badge>
      {status.findings.length > 0 ? (
        <ul className={compact ? "mt-2 space-y-1 text-xs text-slate-700" : "mt-3 space-y-2 text-sm text-slate-800"}>
          {status.findings.map((f) => (
            <li key={`${f.ruleId}-${f.resource}`}>
              <span className="font-medium">{f.resource}</span>: {f.message}{" "}
              <span className="whitespace-nowrap text-slate-600">
                ({f.severity}, {f.ruleId})
              </span>
            </li>
          ))}
        </ul>
      ) : compact ? null : (
        <p className="mt-2 text-sm text-slate-600">
          Every one of the {status.ruleCount} guardrails an engineer checks before approving passes for this template.
        </p>
      )}
    </div>
  );
}
