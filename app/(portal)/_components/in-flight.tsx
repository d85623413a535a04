import Link from "next/link";
import type { launchesInFlight } from "@/lib/dashboard/home";
import { formatEta } from "@/lib/tracker/progress";
import { Card, CardHeader } from "@/components/ui/card";
import { ProgressBar } from "@/components/ui/progress-bar";
import { AutoRefresh } from "./auto-refresh";
import { StatusBadge } from "./status-badge";

/** Launches and updates running now, each with its progress bar and time remaining. */
export function InFlight({ items }: { items: Awaited<ReturnType<typeof launchesInFlight>> }) {
  if (!items.length) return null;
  return (
    <Card>
      <AutoRefresh everyMs={3000} />
      <CardHeader title="In flight" description="Stack operations running now. The page refreshes every few seconds." />
      <ul className="divide-y divide-slate-100" aria-label="Operations in flight">
        {items.map((c) => (
          <li key={c.id} className="space-y-2 px-5 py-3 text-sm">
            <div className="flex items-center justify-between gap-4">
              <Link href={`/clients/${c.slug}`} className="font-medium text-brand-700 hover:underline">
                {c.displayName}
              </Link>
              <span className="flex items-center gap-3">
                {c.progress ? (
                  <span className="text-slate-600">
                    {c.progress.done} of {c.progress.total} resources · {formatEta(c.progress.etaSeconds)} left
                  </span>
                ) : (
                  <span className="text-slate-600">Starting…</span>
                )}
                <StatusBadge status={c.status} />
              </span>
            </div>
            {c.progress ? (
              <ProgressBar
                label={`${c.displayName}: resources complete`}
                done={c.progress.done}
                total={c.progress.total}
                percent={c.progress.percent}
                failed={c.progress.failed}
              />
            ) : null}
          </li>
        ))}
      </ul>
    </Card>
  );
}
