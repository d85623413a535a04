import { diffLines, diffStats, hunks, prettyJson } from "../diff";

// View models for the review page and dossier: what changed between two revisions, in the
// shape the diff component draws. Pure.

export interface RevisionLike {
  body: string;
  parameters: string;
  tags: string;
}

export function revisionDiff(base: RevisionLike | null | undefined, proposed: RevisionLike | null | undefined) {
  const body = diffLines(base ? prettyJson(base.body) : "", proposed ? prettyJson(proposed.body) : "");
  const parameters = diffLines(base ? parametersText(base.parameters) : "", proposed ? parametersText(proposed.parameters) : "");
  return {
    body: { hunks: hunks(body), stats: diffStats(body) },
    parameters: { hunks: hunks(parameters, 50), stats: diffStats(parameters) },
  };
}

/** Parameters as "Key = Value" lines, one per parameter, sorted: the diff then reads naturally. */
export function parametersText(json: string): string {
  const list = JSON.parse(json) as { ParameterKey: string; ParameterValue: string }[];
  return list
    .map((p) => `${p.ParameterKey} = ${p.ParameterValue}`)
    .sort()
    .join("\n");
}
