import { Badge } from "./badge";

export interface ChangelogItem {
  version: string;
  replacesResources: boolean;
  downtime: boolean;
  changes: string[];
}

/** A blueprint's changelog entries, newest first, each with whether it replaces resources or causes downtime. */
export function ChangelogList({ entries, headingLevel = 4 }: { entries: readonly ChangelogItem[]; headingLevel?: 3 | 4 }) {
  const Heading = headingLevel === 3 ? "h3" : "h4";
  return (
    <ol className="space-y-4" aria-label="Changelog">
      {entries.map((e) => (
        <li key={e.version}>
          <div className="flex flex-wrap items-center gap-2">
            <Heading className="text-sm font-semibold text-slate-900">Version {e.version}</Heading>
            <Badge tone={e.replacesResources ? "warning" : "neutral"}>
              {e.replacesResources ? "Replaces resources" : "Replaces no resources"}
            </Badge>
            <Badge tone={e.downtime ? "warning" : "neutral"}>{e.downtime ? "Causes downtime" : "No downtime"}</Badge>
          </div>
          <ul className="mt-1 list-disc space-y-1 pl-5 text-sm text-slate-700">
            {e.changes.map((c) => (
              <li key={c}>{c}</li>
            ))}
          </ul>
        </li>
      ))}
    </ol>
  );
}
