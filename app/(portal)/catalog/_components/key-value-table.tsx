import { Table, Td, Th } from "@/components/ui/table";

/** A two-column table of names and values, monospaced where they are identifiers. */
export function KeyValueTable({ caption, head, rows, numeric = false }: { caption: string; head: [string, string]; rows: string[][]; numeric?: boolean }) {
  return (
    <Table caption={caption} className="rounded-none border-0">
      <thead><tr><Th>{head[0]}</Th><Th className={numeric ? "text-right" : undefined}>{head[1]}</Th></tr></thead>
      <tbody className="divide-y divide-slate-100">
        {rows.map(([k, v]) => (
          <tr key={k}>
            <Td className="py-1.5 font-mono text-xs">{k}</Td>
            <Td className={numeric ? "py-1.5 text-right tabular-nums" : "break-all py-1.5 font-mono text-xs"}>{v === "" ? <span className="font-sans text-slate-500">(empty)</span> : v}</Td>
          </tr>
        ))}
      </tbody>
    </Table>
  );
}
