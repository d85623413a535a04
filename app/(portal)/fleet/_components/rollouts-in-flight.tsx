import Link from "next/link";
import { ProgressBar } from "@/components/ui/progress-bar";
import type { RolloutInFlight } from "@/lib/fleet/view";
import { Card, CardHeader } from "@/components/ui/card";

// ── Rollouts in flight ──────────────────────────────────────────────────────────────────────
// Rendered from `rollouts`, which lib/fleet/overview.ts leaves empty until the rollout engine
// (issue 18, items 1–4) provides running rollouts: their waves, progress and results go here.
export function RolloutsInFlight({ rollouts }: { rollouts: readonly RolloutInFlight[] }) {
  return (
    <Card aria-label="Rollouts in flight">
      <CardHeader title="Rollouts in flight" description="One reviewed change rolling out to many clients, wave by wave." />
      {rollouts.length === 0 ? (
        <p className="px-5 py-6 text-sm text-slate-600">No rollout is running.</p>
      ) : (
        <ul className="divide-y divide-slate-100">
          {rollouts.map((r) => (
            <li key={r.id} className="flex items-center justify-between gap-4 px-5 py-3 text-sm">
              <Link href={r.href} className="font-medium text-brand-700 hover:underline">
                {r.title}
              </Link>
              <span className="flex w-1/2 flex-col gap-1 text-slate-600">
                {r.progress}
                <ProgressBar
                  label={`${r.title}: clients done`}
                  done={r.done}
                  total={r.total}
                  percent={r.total ? Math.round((r.done / r.total) * 100) : 0}
                />
              </span>
            </li>
          ))}
        </ul>
      )}
    </Card>
  );
}
