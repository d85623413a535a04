import type { Finding } from "@/lib/guardrails";
import { Badge } from "@/components/ui/badge";

export function FindingsList({ findings }: { findings: Finding[] }) {
  if (findings.length === 0) return <p className="text-sm text-emerald-800">✓ Every guardrail passes.</p>;
  return (
    <ul className="divide-y divide-slate-100 text-sm">
      {findings.map((f) => (
        <li key={`${f.ruleId}-${f.resource}`} className="flex flex-wrap items-start gap-3 py-2">
          <Badge tone={f.severity === "error" ? "danger" : "warning"}>{f.severity}</Badge>
          <span>
            <code className="text-xs">{f.ruleId}</code> on <code className="text-xs">{f.resource}</code>: {f.message}
          </span>
        </li>
      ))}
    </ul>
  );
}
