// Is a change disruptive, so that once approved it waits for the client's maintenance window?
// Disruptive: CloudFormation will replace (or may replace) a resource or remove one, or a parameter
// the blueprint lists as disruptive (blueprint.yaml `disruptiveParameters`) changes value. Pure.

export interface ChangeForClassification {
  /** The change set's resource changes (lib/tracker/changesets.ts summary). */
  changes: { action: string; logicalId: string; replacement: string }[];
  /** Parameter values of the live revision and of the proposed one. */
  before: { ParameterKey: string; ParameterValue: string }[];
  after: { ParameterKey: string; ParameterValue: string }[];
  /** The blueprint's disruptive parameters. */
  disruptiveParameters: readonly string[];
}

export interface Classification {
  disruptive: boolean;
  /** Plain-language reasons, one per cause. */
  reasons: string[];
}

export function classifyChange(change: ChangeForClassification): Classification {
  const reasons: string[] = [];
  for (const c of change.changes) {
    if (c.action === "Remove") reasons.push(`${c.logicalId} is removed`);
    else if (c.replacement === "True") reasons.push(`${c.logicalId} is replaced`);
    else if (c.replacement === "Conditional") reasons.push(`${c.logicalId} may be replaced`);
  }
  const before = new Map(change.before.map((p) => [p.ParameterKey, p.ParameterValue]));
  for (const p of change.after) {
    if (
      change.disruptiveParameters.includes(p.ParameterKey) &&
      before.has(p.ParameterKey) &&
      before.get(p.ParameterKey) !== p.ParameterValue
    )
      reasons.push(`${p.ParameterKey} changes from ${before.get(p.ParameterKey)} to ${p.ParameterValue}`);
  }
  return { disruptive: reasons.length > 0, reasons };
}
