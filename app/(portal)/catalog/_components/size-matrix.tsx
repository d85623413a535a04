import { Table, Td, Th } from "@/components/ui/table";
import { formatUsd } from "@/components/ui/format";
import type { BlueprintView } from "@/lib/catalog/view";

/** Every size parameter as a row, one column per size, the monthly estimate last. */
export function SizeMatrix({ view }: { view: BlueprintView }) {
  return (
    <Table caption={`${view.name}: sizes side by side`} className="rounded-none border-0">
      <thead>
        <tr>
          <Th>Setting</Th>
          {view.sizes.map((s) => <Th key={s.id} className="text-right">{s.label}</Th>)}
        </tr>
      </thead>
      <tbody className="divide-y divide-slate-100">
        {view.parameterRows.map((row) => (
          <tr key={row.name}>
            <th scope="row" className="px-4 py-2 text-left font-medium text-slate-700">{row.label}</th>
            {row.values.map((v, i) => {
              const changed = i > 0 && v !== row.values[i - 1];
              return (
                <Td key={view.sizes[i].id} className={changed ? "py-2 text-right font-medium text-slate-900" : "py-2 text-right text-slate-600"}>{v}</Td>
              );
            })}
          </tr>
        ))}
        <tr className="bg-slate-50">
          <th scope="row" className="px-4 py-2.5 text-left font-semibold text-slate-900">Monthly estimate</th>
          {view.sizes.map((s) => <Td key={s.id} className="py-2.5 text-right font-semibold tabular-nums text-slate-900">{formatUsd(s.cost.monthlyUsd)}</Td>)}
        </tr>
      </tbody>
    </Table>
  );
}
