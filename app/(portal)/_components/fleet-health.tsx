import Link from "next/link";
import type { HealthFigure } from "@/lib/fleet/view";
import type { StatusTone } from "@/lib/clients/status";
import { cn } from "@/components/ui/cn";

const TONES: Record<StatusTone, string> = {
  neutral: "text-slate-900",
  info: "text-brand-700",
  success: "text-emerald-800",
  warning: "text-amber-800",
  danger: "text-red-700",
};

/** Clients behind, failed, degraded, drifted and in flight, each linking to the clients list filtered to them. */
export function FleetHealth({ figures }: { figures: readonly HealthFigure[] }) {
  return (
    <ul className="grid grid-cols-2 gap-3 sm:grid-cols-3 lg:grid-cols-5" aria-label="Fleet health">
      {figures.map((f) => (
        <li key={f.key}>
          <Link
            href={f.href}
            data-testid={`fleet-${f.key}`}
            className="block rounded-lg border border-slate-200 bg-white px-4 py-3 shadow-sm hover:border-brand-600 hover:bg-brand-50"
          >
            <span className={cn("block text-2xl font-semibold tabular-nums", f.count > 0 ? TONES[f.tone] : "text-slate-700")}>
              {f.count.toLocaleString("en-US")}
            </span>
            <span className="block text-sm text-slate-700">{f.label}</span>
          </Link>
        </li>
      ))}
    </ul>
  );
}
