import { Table, Td, Th } from "@/components/ui/table";

/** Lets a long resource type wrap only between its parts (AWS::EC2::… ). */
function breakable(name: string): React.ReactNode {
  const parts = name.split("::");
  return parts.map((p, i) =>
    i < parts.length - 1 ? (
      <span key={i}>
        {p}::
        <wbr />
      </span>
    ) : (
      <span key={i}>{p}</span>
    ),
  );
}

/** A two-column table of names and values, monospaced where they are identifiers. */
export function KeyValueTable({
  caption,
  head,
  rows,
  numeric = false,
}: {
  caption: string;
  head: [string, string];
  rows: string[][];
  numeric?: boolean;
}) {
  return (
    <Table caption={caption} className="rounded-none border-0">
      <thead>
        <tr>
          <Th>{head[0]}</Th>
          <Th className={numeric ? "text-right" : undefined}>{head[1]}</Th>
        </tr>
      </thead>
      <tbody className="divide-y divide-slate-100">
        {rows.map(([k, v]) => (
          <tr key={k}>
            <Td className="py-1.5 font-mono text-xs">{breakable(k)}</Td>
            <Td className={numeric ? "py-1.5 text-right tabular-nums" : "py-1.5 font-mono text-xs [overflow-wrap:anywhere]"}>
              {v === "" ? <span className="font-sans text-slate-500">(empty)</span> : v}
            </Td>
          </tr>
        ))}
      </tbody>
    </Table>
  );
}
