// Grouping a rollout's targets: clients whose template diff, parameter diff and change-set shape
// are identical form one group, so a 500-client review shows a few diffs, not 500. Pure.
import { createHash } from "node:crypto";
import { replacementNote } from "../tracker/template-facts";

export interface ParameterChange {
  key: string;
  from: string | null;
  to: string | null;
}

export interface ResourceChangeShape {
  action: string;
  logicalId: string;
  resourceType: string;
  /** CloudFormation's "True", "False", "Conditional" (or "" for additions and removals). */
  replacement: string;
}

export interface TargetPreview {
  clientId: string;
  /** The template diff as text (identical text means an identical diff). */
  templateDiff: string;
  parameterChanges: ParameterChange[];
  resourceChanges: ResourceChangeShape[];
  /** Monthly cost after minus before, in US dollars. */
  monthlyCostDelta: number;
}

export interface GroupOptions {
  /** Parameters whose values are the client's own (its name, its certificate): grouped by whether they change, not by value. */
  perClientParameters?: readonly string[];
  /** Parameters the blueprint lists as disruptive (a change to one waits for the maintenance window). */
  disruptiveParameters?: readonly string[];
}

export interface RolloutGroup {
  /** "A", "B", … by size, largest first. */
  label: string;
  /** sha256 of the group's shape: the same on every preparation of the same change. */
  key: string;
  clientIds: string[];
  /** The client whose diffs the review shows for the whole group. */
  representative: TargetPreview;
  /** Replacements and disruptive parameter changes in plain language. */
  disruptions: string[];
  disruptive: boolean;
  /** Sum of the members' monthly cost deltas. */
  monthlyCostDelta: number;
  /** How this group differs from the largest one, in a few words ("also changes HttpsListener"). */
  differences: string[];
}

const byCodeUnit = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

function parameterShape(changes: readonly ParameterChange[], perClient: ReadonlySet<string>) {
  return [...changes]
    .sort((a, b) => byCodeUnit(a.key, b.key))
    .map((c) =>
      perClient.has(c.key) ? [c.key, c.from === null ? "added" : c.to === null ? "removed" : "changed"] : [c.key, c.from, c.to],
    );
}

function resourceShape(changes: readonly ResourceChangeShape[]) {
  return [...changes]
    .sort((a, b) => byCodeUnit(a.logicalId, b.logicalId) || byCodeUnit(a.action, b.action))
    .map((c) => [c.action, c.logicalId, c.resourceType, c.replacement]);
}

export function shapeKey(target: TargetPreview, options: GroupOptions = {}): string {
  const shape = {
    template: target.templateDiff,
    parameters: parameterShape(target.parameterChanges, new Set(options.perClientParameters ?? [])),
    resources: resourceShape(target.resourceChanges),
  };
  return createHash("sha256").update(JSON.stringify(shape)).digest("hex");
}

/** "A" … "Z", then "AA", "AB", … */
export function groupLabel(index: number): string {
  let label = "";
  for (let n = index + 1; n > 0; n = Math.floor((n - 1) / 26)) label = String.fromCharCode(65 + ((n - 1) % 26)) + label;
  return label;
}

export function disruptionsOf(target: TargetPreview, options: GroupOptions = {}): string[] {
  const disruptive = new Set(options.disruptiveParameters ?? []);
  const notes = target.resourceChanges
    .filter((c) => c.action === "Remove" || c.replacement === "True" || c.replacement === "Conditional")
    .map((c) =>
      c.action === "Remove"
        ? `${c.logicalId} (${c.resourceType}) will be deleted.`
        : `${c.logicalId}: ${replacementNote(c.resourceType, c.replacement) ?? `${c.resourceType} will be replaced.`}`,
    );
  for (const p of target.parameterChanges) {
    if (disruptive.has(p.key))
      notes.push(
        `${p.key} changes${p.from !== null && p.to !== null ? ` from ${p.from} to ${p.to}` : ""}: the change waits for the maintenance window.`,
      );
  }
  return notes;
}

function differencesFrom(target: TargetPreview, reference: TargetPreview): string[] {
  const ids = (t: TargetPreview) => new Set(t.resourceChanges.map((c) => c.logicalId));
  const keys = (t: TargetPreview) => new Set(t.parameterChanges.map((c) => c.key));
  const mine = ids(target);
  const theirs = ids(reference);
  const myKeys = keys(target);
  const theirKeys = keys(reference);
  const out: string[] = [];
  const alsoChanges = [...mine].filter((id) => !theirs.has(id)).sort(byCodeUnit);
  const notChanges = [...theirs].filter((id) => !mine.has(id)).sort(byCodeUnit);
  const alsoSets = [...myKeys].filter((k) => !theirKeys.has(k)).sort(byCodeUnit);
  if (alsoChanges.length) out.push(`also changes ${alsoChanges.join(", ")}`);
  if (notChanges.length) out.push(`does not change ${notChanges.join(", ")}`);
  if (alsoSets.length) out.push(`also sets ${alsoSets.join(", ")}`);
  if (!out.length && target.templateDiff !== reference.templateDiff) out.push("a different template diff");
  if (!out.length) out.push("different parameter values");
  return out;
}

/** The targets in groups of identical changes, largest group first (ties by key, so the order is stable). */
export function groupTargets(targets: readonly TargetPreview[], options: GroupOptions = {}): RolloutGroup[] {
  const byKey = new Map<string, TargetPreview[]>();
  for (const target of targets) {
    const key = shapeKey(target, options);
    byKey.set(key, [...(byKey.get(key) ?? []), target]);
  }
  const ordered = [...byKey.entries()]
    .map(([key, members]) => ({ key, members: [...members].sort((a, b) => byCodeUnit(a.clientId, b.clientId)) }))
    .sort((a, b) => b.members.length - a.members.length || byCodeUnit(a.key, b.key));
  const largest = ordered[0]?.members[0];
  return ordered.map(({ key, members }, index) => {
    const representative = members[0];
    const disruptions = disruptionsOf(representative, options);
    return {
      label: groupLabel(index),
      key,
      clientIds: members.map((m) => m.clientId),
      representative,
      disruptions,
      disruptive: disruptions.length > 0,
      monthlyCostDelta: Math.round(members.reduce((sum, m) => sum + m.monthlyCostDelta, 0) * 100) / 100,
      differences: index === 0 || !largest ? [] : differencesFrom(representative, largest),
    };
  });
}

/** "212 clients: diff A · 31 clients: diff B (also changes HttpsListener)" */
export function groupsSentence(groups: readonly RolloutGroup[]): string {
  return groups
    .map((g) => {
      const count = `${g.clientIds.length} client${g.clientIds.length === 1 ? "" : "s"}: diff ${g.label}`;
      return g.differences.length ? `${count} (${g.differences.join("; ")})` : count;
    })
    .join(" · ");
}
