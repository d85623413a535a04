// A rollout target's preview for grouping (group.ts), from what its request stored: the template
// diff without per-render bookkeeping, the parameters that change (NoEcho values masked), the
// change set's resource changes and the cost delta. Pure.
import { diffLines, prettyJson } from "../diff";
import { maskedRevisionParameters } from "../render/secrets";
import type { ParameterChange, ResourceChangeShape, TargetPreview } from "./group";

export interface StoredRevision {
  body: string;
  parameters: string;
}

function parse(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/** The body without what differs on every render (revision number, request id, version, client slug). */
function normalisedBody(body: string): string {
  const parsed = parse(body) as Record<string, unknown>;
  const metadata = parsed && typeof parsed === "object" ? (parsed.Metadata as Record<string, unknown> | undefined) : undefined;
  const stackport = metadata?.Stackport as Record<string, unknown> | undefined;
  if (!stackport) return prettyJson(parsed);
  const { revision: _r, changeRequestId: _c, blueprintVersion: _v, clientSlug: _s, ...rest } = stackport;
  return prettyJson({ ...parsed, Metadata: { ...metadata, Stackport: rest } });
}

/** The changed lines only ("+ …" / "- …"): the same text means the same template change. */
export function templateDiffText(base: StoredRevision, next: StoredRevision): string {
  return diffLines(normalisedBody(base.body), normalisedBody(next.body))
    .filter((l) => l.kind !== "same")
    .map((l) => `${l.kind === "add" ? "+" : "-"} ${l.text}`)
    .join("\n");
}

export function parameterChanges(base: StoredRevision, next: StoredRevision): ParameterChange[] {
  const values = (r: StoredRevision) =>
    new Map(maskedRevisionParameters(r.body, r.parameters).map((p) => [p.ParameterKey, p.ParameterValue]));
  const before = values(base);
  const after = values(next);
  const keys = [...new Set([...before.keys(), ...after.keys()])].sort();
  return keys
    .filter((k) => before.get(k) !== after.get(k))
    .map((key) => ({ key, from: before.get(key) ?? null, to: after.get(key) ?? null }));
}

export function resourceChangesOf(changeSetSummary: string | null): ResourceChangeShape[] {
  const summary = changeSetSummary ? (parse(changeSetSummary) as { changes?: ResourceChangeShape[] }) : null;
  return (summary?.changes ?? []).map((c) => ({
    action: c.action,
    logicalId: c.logicalId,
    resourceType: c.resourceType,
    replacement: c.action === "Modify" ? c.replacement : "",
  }));
}

export function targetPreview(input: {
  clientId: string;
  base: StoredRevision;
  next: StoredRevision;
  changeSetSummary: string | null;
  monthlyDeltaUsd: number;
}): TargetPreview {
  return {
    clientId: input.clientId,
    templateDiff: templateDiffText(input.base, input.next),
    parameterChanges: parameterChanges(input.base, input.next),
    resourceChanges: resourceChangesOf(input.changeSetSummary),
    monthlyCostDelta: input.monthlyDeltaUsd,
  };
}
