import type { Hunk } from "@/lib/diff";
import { cn } from "./cn";

/**
 * A unified diff: removed lines red with "−", added lines green with "+", so the change is
 * readable without colour too. Unchanged stretches are folded.
 */
export function DiffView({ hunks, label, emptyText = "No differences." }: { hunks: Hunk[]; label: string; emptyText?: string }) {
  if (hunks.length === 0)
    return <p className="rounded-md border border-slate-200 bg-slate-50 px-4 py-3 text-sm text-slate-700">{emptyText}</p>;
  return (
    <div className="overflow-x-auto rounded-md border border-slate-200 bg-white" role="region" aria-label={label} tabIndex={0}>
      <table className="w-full border-collapse font-mono text-xs leading-5">
        <tbody>
          {hunks.map((hunk, h) => (
            <HunkRows key={h} hunk={hunk} />
          ))}
        </tbody>
      </table>
    </div>
  );
}

function HunkRows({ hunk }: { hunk: Hunk }) {
  return (
    <>
      {hunk.skippedBefore > 0 ? (
        <tr className="bg-slate-100 text-slate-600">
          <td colSpan={4} className="px-3 py-1 italic">
            ⋯ {hunk.skippedBefore} unchanged line{hunk.skippedBefore === 1 ? "" : "s"}
          </td>
        </tr>
      ) : null}
      {hunk.lines.map((line, i) => {
        const mark = line.kind === "add" ? "+" : line.kind === "del" ? "−" : " ";
        return (
          <tr key={i} className={cn(line.kind === "add" && "bg-emerald-50", line.kind === "del" && "bg-red-50")} data-diff={line.kind}>
            <td className="w-12 select-none border-r border-slate-200 px-2 text-right text-slate-600">
              {line.kind !== "add" ? line.oldLine : ""}
            </td>
            <td className="w-12 select-none border-r border-slate-200 px-2 text-right text-slate-600">
              {line.kind !== "del" ? line.newLine : ""}
            </td>
            <td
              className={cn(
                "w-5 select-none px-1 text-center font-bold",
                line.kind === "add" && "text-emerald-800",
                line.kind === "del" && "text-red-800",
              )}
              aria-hidden="true"
            >
              {mark}
            </td>
            <td className={cn("whitespace-pre px-2", line.kind === "add" && "text-emerald-950", line.kind === "del" && "text-red-950")}>
              <span className="sr-only">{line.kind === "add" ? "added: " : line.kind === "del" ? "removed: " : ""}</span>
              {line.text}
            </td>
          </tr>
        );
      })}
    </>
  );
}
