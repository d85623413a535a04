import { diffLines, diffStats, hunks, prettyJson } from "../diff";
import { maskedRevisionParameters } from "../render/secrets";

// View models for the review page and dossier: what changed between two revisions, in the
// shape the diff component draws. Pure.

export interface RevisionLike {
  body: string;
  parameters: string;
  tags: string;
}

export function revisionDiff(base: RevisionLike | null | undefined, proposed: RevisionLike | null | undefined) {
  const body = diffLines(base ? prettyJson(base.body) : "", proposed ? prettyJson(proposed.body) : "");
  const parameters = diffLines(base ? parametersText(base) : "", proposed ? parametersText(proposed) : "");
  return {
    body: { hunks: hunks(body), stats: diffStats(body) },
    parameters: { hunks: hunks(parameters, 50), stats: diffStats(parameters) },
  };
}

/** Parameters as "Key = Value" lines, one per parameter, sorted: the diff then reads naturally. NoEcho values are masked. */
export function parametersText(revision: Pick<RevisionLike, "body" | "parameters">): string {
  return maskedRevisionParameters(revision.body, revision.parameters)
    .map((p) => `${p.ParameterKey} = ${p.ParameterValue}`)
    .sort()
    .join("\n");
}
