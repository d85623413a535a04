import { Table, Td, Th } from "@/components/ui/table";
import { formatDateTime } from "@/components/ui/format";

export interface AuditRow {
  seq: number;
  at: Date;
  /** What happened, as a sentence (lib/audit/describe.ts). */
  sentence: string;
}

export function AuditList({ caption, rows }: { caption: string; rows: AuditRow[] }) {
  return (
    <Table caption={caption}>
      <thead>
        <tr>
          <Th>#</Th>
          <Th>When</Th>
          <Th>What happened</Th>
        </tr>
      </thead>
      <tbody className="divide-y divide-slate-100">
        {rows.map((e) => (
          <tr key={e.seq}>
            <Td className="tabular-nums text-slate-500">{e.seq}</Td>
            <Td className="whitespace-nowrap">{formatDateTime(e.at)}</Td>
            <Td>{e.sentence}</Td>
          </tr>
        ))}
      </tbody>
    </Table>
  );
}
