import type { ChangeSetSummary } from "@/lib/tracker/changesets";
import { Badge } from "@/components/ui/badge";
import { Table, Td, Th } from "@/components/ui/table";

const ACTION_TONE = { Add: "success", Modify: "info", Remove: "danger" } as const;

export function ChangeSetPanel({ summary }: { summary: ChangeSetSummary | null }) {
  if (!summary)
    return (
      <p className="text-sm text-slate-600" role="status">
        Preparing the change-set preview… CloudFormation is working out what this would change.
      </p>
    );
  if (summary.status === "FAILED")
    return <p className="text-sm text-slate-700">CloudFormation found nothing to change: {summary.reason}</p>;
  return (
    <div className="space-y-3">
      {summary.changes.some((c) => c.note) ? (
        <ul className="space-y-1 text-sm font-medium text-amber-900">
          {summary.changes
            .filter((c) => c.note)
            .map((c) => (
              <li key={c.logicalId}>
                ⚠ {c.logicalId}: {c.note}
              </li>
            ))}
        </ul>
      ) : (
        <p className="text-sm text-emerald-800">✓ Nothing is replaced: every change is made in place.</p>
      )}
      <Table caption="Resource changes in the change set">
        <thead>
          <tr>
            <Th>Action</Th>
            <Th>Resource</Th>
            <Th>Replacement</Th>
            <Th>What changes</Th>
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100">
          {summary.changes.map((c) => (
            <tr key={c.logicalId} data-testid={`change-${c.logicalId}`}>
              <Td>
                <Badge tone={ACTION_TONE[c.action as keyof typeof ACTION_TONE] ?? "neutral"}>{c.action}</Badge>
              </Td>
              <Td>
                <span className="font-medium">{c.logicalId}</span>
                <span className="block text-xs text-slate-500">{c.resourceType}</span>
              </Td>
              <Td>{c.action === "Modify" ? (c.replacement === "False" ? "No" : c.replacement === "True" ? "Yes" : "Maybe") : "—"}</Td>
              <Td className="text-xs">
                {c.details
                  .map((d) => d.name ?? d.attribute)
                  .filter(Boolean)
                  .join(", ") || "—"}
              </Td>
            </tr>
          ))}
        </tbody>
      </Table>
    </div>
  );
}
