import type { AuditDiff } from "@/lib/audit/diff";
import { cn } from "@/components/ui/cn";

const styles = {
  same: "text-slate-700",
  add: "bg-emerald-50 text-emerald-900 no-underline",
  del: "bg-red-50 text-red-900 no-underline",
} as const;
const markers = { same: " ", add: "+", del: "-" } as const;

/** Added lines green with "+", removed red with "-": the markers carry the meaning without the colours. */
export function DiffView({ diff }: { diff: AuditDiff }) {
  return (
    <div>
      <p className="mb-2 text-sm text-slate-600">
        <span className="font-medium text-emerald-800">+{diff.added} added</span>,{" "}
        <span className="font-medium text-red-800">−{diff.removed} removed</span>. Keys are sorted, so reordering never shows as a change.
      </p>
      <figure>
        <figcaption className="sr-only">Before and after, line by line: + marks an added line, - a removed one.</figcaption>
        {/* Focusable so keyboard users can scroll long lines sideways. */}
        <pre className="overflow-x-auto rounded-md border border-slate-200 bg-white py-2 font-mono text-xs leading-5" tabIndex={0}>
          {diff.lines.map((line, i) => {
            const Tag = line.kind === "add" ? "ins" : line.kind === "del" ? "del" : "span";
            return (
              <Tag key={i} data-kind={line.kind} className={cn("block px-3", styles[line.kind])}>
                <span className="mr-2 select-none">{markers[line.kind]}</span>
                {line.text}
              </Tag>
            );
          })}
        </pre>
      </figure>
    </div>
  );
}
