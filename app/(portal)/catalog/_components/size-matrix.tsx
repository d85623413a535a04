import { Table, Td, Th } from "@/components/ui/table";
import { formatUsd } from "@/components/ui/format";
import type { BlueprintView } from "@/lib/catalog/view";

const cents = (n: number) => `$${n.toLocaleString("en-US", { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;
const unitPrice = (n: number) => `$${n.toLocaleString("en-US", { minimumFractionDigits: 2, maximumFractionDigits: 4 })}`;

function GroupRow({ label, span }: { label: string; span: number }) {
  return (
    <tr className="bg-slate-50">
      <th
        scope="colgroup"
        colSpan={span}
        className="px-4 pb-1.5 pt-4 text-left text-xs font-semibold uppercase tracking-wide text-slate-600"
      >
        {label}
      </th>
    </tr>
  );
}

/** Every size parameter and every cost line as a row, one column per size, the monthly estimate last. */
export function SizeMatrix({ view }: { view: BlueprintView }) {
  const span = view.sizes.length + 1;
  return (
    <Table caption={`${view.name}: sizes side by side`} className="rounded-none border-0">
      <thead>
        <tr>
          <Th>
            <span className="sr-only">Setting or cost line</span>
          </Th>
          {view.sizes.map((s) => (
            <Th key={s.id} className="text-right">
              {s.label}
            </Th>
          ))}
        </tr>
      </thead>
      <tbody className="divide-y divide-slate-100">
        <GroupRow label="Settings" span={span} />
        {view.parameterRows.map((row) => (
          <tr key={row.name}>
            <th scope="row" className="px-4 py-2 text-left font-medium text-slate-700">
              {row.label}
            </th>
            {row.values.map((v, i) => (
              <Td
                key={view.sizes[i].id}
                className={
                  i > 0 && v !== row.values[i - 1] ? "py-2 text-right font-semibold text-slate-900" : "py-2 text-right text-slate-600"
                }
              >
                {v}
              </Td>
            ))}
          </tr>
        ))}
        <GroupRow label="Monthly cost, line by line" span={span} />
        {view.costRows.map((row) => (
          <tr key={row.label}>
            <th scope="row" className="px-4 py-2 text-left font-medium text-slate-700">
              {row.label}
            </th>
            {row.cells.map((c, i) => (
              <Td key={view.sizes[i].id} className="py-2 text-right tabular-nums">
                <span className="block text-slate-900">{cents(c.monthlyUsd)}</span>
                <span className="block text-xs text-slate-600">
                  {c.quantity} × {unitPrice(c.unitUsd)}
                </span>
              </Td>
            ))}
          </tr>
        ))}
        <tr className="bg-slate-50">
          <th scope="row" className="px-4 py-3 text-left font-semibold text-slate-900">
            Monthly estimate
          </th>
          {view.sizes.map((s) => (
            <Td key={s.id} className="py-3 text-right text-base font-semibold tabular-nums text-slate-900">
              {formatUsd(s.cost.monthlyUsd)}
            </Td>
          ))}
        </tr>
      </tbody>
    </Table>
  );
}
