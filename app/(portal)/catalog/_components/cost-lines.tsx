import { formatUsd } from "@/components/ui/format";
import type { Cost } from "@/lib/catalog";

const cents = (n: number) => `$${n.toLocaleString("en-US", { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;
const unit = (n: number) => `$${n.toLocaleString("en-US", { minimumFractionDigits: 2, maximumFractionDigits: 4 })}`;

/** The lines behind a monthly estimate: item, quantity × monthly unit price, line total. */
export function CostLines({ cost, caption }: { cost: Cost; caption: string }) {
  return (
    <table className="w-full text-xs">
      <caption className="sr-only">{caption}</caption>
      <thead className="sr-only">
        <tr><th scope="col">Item, quantity × monthly unit price</th><th scope="col">Per month</th></tr>
      </thead>
      <tbody className="divide-y divide-slate-200 border-t border-slate-200">
        {cost.lines.map((line) => (
          <tr key={line.item}>
            <td className="px-3 py-1.5 text-slate-800">
              {line.item}
              <span className="block text-slate-600">{line.quantity} × {unit(line.unitUsd)}</span>
            </td>
            <td className="px-3 py-1.5 text-right align-top tabular-nums text-slate-900">{cents(line.monthlyUsd)}</td>
          </tr>
        ))}
        <tr>
          <th scope="row" className="px-3 py-1.5 text-left font-semibold text-slate-900">Total</th>
          <td className="px-3 py-1.5 text-right font-semibold tabular-nums text-slate-900">{formatUsd(cost.monthlyUsd)}</td>
        </tr>
      </tbody>
    </table>
  );
}
