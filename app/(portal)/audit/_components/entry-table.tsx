import Link from "next/link";
import type { AuditListEntry } from "@/lib/audit/queries";
import { Table, Td, Th } from "@/components/ui/table";
import { formatDateTime } from "@/components/ui/format";

export function EntryTable({ entries, clientSlugs }: { entries: AuditListEntry[]; clientSlugs: Record<string, string> }) {
  return (
    <Table caption="Change log entries, newest first">
      <thead><tr><Th>Entry</Th><Th>When</Th><Th>Who</Th><Th>Action</Th><Th>Entity</Th><Th>Client</Th></tr></thead>
      <tbody className="divide-y divide-slate-100">
        {entries.map((e) => (
          <tr key={e.seq} data-testid={`audit-entry-${e.seq}`}>
            <Td className="tabular-nums">
              {/* The name contains the visible "#12", so voice control still finds it by what it shows. */}
              <Link href={`/audit/${e.seq}`} aria-label={`Entry #${e.seq}`} className="font-medium text-brand-700 hover:underline">#{e.seq}</Link>
            </Td>
            <Td className="whitespace-nowrap"><time dateTime={e.at.toISOString()}>{formatDateTime(e.at)}</time></Td>
            <Td className="break-all">{e.actorLabel}</Td>
            <Td><code className="text-xs">{e.action}</code></Td>
            <Td>{e.entityType}{e.entityId ? <span className="block font-mono text-xs text-slate-600">{e.entityId}</span> : null}</Td>
            <Td>{e.clientId ? (clientSlugs[e.clientId] ?? <span className="font-mono text-xs">{e.clientId}</span>) : <span className="text-slate-500">—</span>}</Td>
          </tr>
        ))}
      </tbody>
    </Table>
  );
}
