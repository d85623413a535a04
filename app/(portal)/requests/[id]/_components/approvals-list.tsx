import { Badge } from "@/components/ui/badge";
import { formatDateTime } from "@/components/ui/format";

interface ApprovalRow {
  id: string;
  comment: string | null;
  voided: boolean;
  createdAt: Date;
  revisionSha: string;
  approver: { name: string; email: string };
}

export function ApprovalsList({ approvals }: { approvals: ApprovalRow[] }) {
  if (approvals.length === 0) return <p className="text-sm text-slate-600">No approvals yet.</p>;
  return (
    <ul className="space-y-2 text-sm" aria-label="Approvals">
      {approvals.map((a) => (
        <li key={a.id} className="rounded-md border border-slate-200 px-3 py-2">
          <span className="font-medium">{a.approver.name}</span> approved {formatDateTime(a.createdAt)}{" "}
          {a.voided ? <Badge tone="warning">void — the request changed</Badge> : null}
          {a.comment ? <span className="mt-1 block text-slate-700">“{a.comment}”</span> : null}
          <span className="mt-1 block font-mono text-xs text-slate-500">for deployment sha256 {a.revisionSha.slice(0, 16)}…</span>
        </li>
      ))}
    </ul>
  );
}
