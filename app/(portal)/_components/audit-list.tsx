import { Table, Td, Th } from "@/components/ui/table";
import { formatDateTime } from "@/components/ui/format";

export interface AuditRow {
  seq: number;
  at: Date;
  actorLabel: string;
  action: string;
  entityType: string;
  entityId: string | null;
}

export function AuditList({ caption, rows }: { caption: string; rows: AuditRow[] }) {
  return (
    <Table caption={caption}>
      <thead>
        <tr>
          <Th>#</Th>
          <Th>When</Th>
          <Th>Who</Th>
          <Th>What</Th>
          <Th>Entity</Th>
        </tr>
      </thead>
      <tbody className="divide-y divide-slate-100">
        {rows.map((e) => (
          <tr key={e.seq}>
            <Td className="tabular-nums text-slate-500">{e.seq}</Td>
            <Td>{formatDateTime(e.at)}</Td>
            <Td>{e.actorLabel}</Td>
            <Td>
              <code className="text-xs">{e.action}</code>
            </Td>
            <Td>
              {e.entityType}
              {e.entityId ? <span className="text-slate-500"> {e.entityId.slice(0, 10)}</span> : null}
            </Td>
          </tr>
        ))}
      </tbody>
    </Table>
  );
}
