import { cn } from "./cn";

/** A horizontal bar for work done out of a total (resources of a stack operation). */
export function ProgressBar({
  label,
  done,
  total,
  percent,
  failed = false,
  className,
}: {
  label: string;
  done: number;
  total: number;
  percent: number;
  failed?: boolean;
  className?: string;
}) {
  return (
    <div
      className={cn("h-3 w-full overflow-hidden rounded-full bg-slate-200", className)}
      role="progressbar"
      aria-label={label}
      aria-valuemin={0}
      aria-valuemax={total}
      aria-valuenow={done}
    >
      <div className={cn("h-full rounded-full transition-all", failed ? "bg-red-600" : "bg-brand-600")} style={{ width: `${percent}%` }} />
    </div>
  );
}
