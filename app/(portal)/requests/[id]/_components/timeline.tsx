import { formatDateTime } from "@/components/ui/format";

/** The request's change-log entries, each as its sentence (lib/audit/describe.ts). */
export function Timeline({ entries }: { entries: { seq: number; at: Date; sentence: string }[] }) {
  if (entries.length === 0) return <p className="text-sm text-slate-600">Nothing recorded yet.</p>;
  return (
    <ol className="relative space-y-3 border-l border-slate-200 pl-5 text-sm">
      {entries.map((e) => (
        <li key={e.seq}>
          <span className="absolute -left-1.5 mt-1.5 h-3 w-3 rounded-full border border-white bg-brand-600" aria-hidden="true" />
          <span className="font-medium">{e.sentence}</span>
          <span className="block text-xs text-slate-500">
            {formatDateTime(e.at)} · entry #{e.seq}
          </span>
        </li>
      ))}
    </ol>
  );
}
