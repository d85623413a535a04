// What an update of a live client changes, decided before anything is written: its settings
// (the blueprint's overrides) as they are now, as requested, and whether the new render differs
// from the live revision at all. Pure: request-update.ts, request-resize.ts and the client page use it.
import { entriesBetween, compareVersions, type Blueprint, type ChangelogEntry } from "../catalog";
import { MASK } from "../render/secrets";

/** Revisions written before versions were recorded were all rendered from the first version. */
export const UNRECORDED_VERSION = "1.0.0";

export function revisionVersion(revision: { blueprintVersion: string | null }): string {
  return revision.blueprintVersion ?? UNRECORDED_VERSION;
}

function parse(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/**
 * The overrides a revision was rendered with: from its Metadata (what the requester set), with a
 * masked (NoEcho) value taken from its parameters. Only parameters the blueprint still lets a
 * requester set are kept.
 */
export function revisionOverrides(blueprint: Blueprint, revision: { body: string; parameters: string }): Record<string, string> {
  const body = parse(revision.body);
  const meta = isObject(body) && isObject(body.Metadata) && isObject(body.Metadata.Stackport) ? body.Metadata.Stackport : {};
  const recorded = isObject(meta.overrides) ? meta.overrides : {};
  const params = parse(revision.parameters);
  const values = new Map<string, string>(
    Array.isArray(params)
      ? params.flatMap((p) => (isObject(p) && typeof p.ParameterKey === "string" ? [[p.ParameterKey, String(p.ParameterValue ?? "")]] : []))
      : [],
  );
  const out: Record<string, string> = {};
  for (const o of blueprint.overrides) {
    const value = recorded[o.parameter];
    if (typeof value !== "string") continue;
    out[o.parameter] = value === MASK ? (values.get(o.parameter) ?? "") : value;
  }
  return out;
}

/**
 * The overrides after an update: the current ones with the submitted values applied. A value equal
 * to the template's default is no override at all (clearing the certificate ARN returns to HTTP).
 */
export function mergeOverrides(
  blueprint: Blueprint,
  current: Record<string, string>,
  submitted: Record<string, string>,
): Record<string, string> {
  const merged: Record<string, string> = { ...current, ...submitted };
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(merged)) {
    const rule = blueprint.overrides.find((o) => o.parameter === name);
    if (rule && value === rule.defaultValue) continue;
    out[name] = value;
  }
  return Object.fromEntries(Object.entries(out).sort(([a], [b]) => a.localeCompare(b)));
}

/** Each override's value in effect (the override or the template's default), for the form. */
export function effectiveOverrides(blueprint: Blueprint, overrides: Record<string, string>): Record<string, string> {
  return Object.fromEntries(blueprint.overrides.map((o) => [o.parameter, overrides[o.parameter] ?? o.defaultValue]));
}

/** A template body without what differs on every render (the revision number and request id). */
function deploymentOf(body: string): unknown {
  const parsed = parse(body);
  if (!isObject(parsed) || !isObject(parsed.Metadata) || !isObject(parsed.Metadata.Stackport)) return parsed;
  const { revision: _r, changeRequestId: _c, blueprintVersion: _v, ...stackport } = parsed.Metadata.Stackport;
  return { ...parsed, Metadata: { ...parsed.Metadata, Stackport: stackport } };
}

/**
 * Would deploying `proposed` change anything on a stack running `live`? Compares the template (minus
 * the per-render bookkeeping in its Metadata), the parameters and the tags. The blueprint version
 * alone is bookkeeping too: a version whose template is byte-identical for this client changes nothing.
 */
export function changesAnything(
  live: { body: string; parameters: string; tags: string },
  proposed: { body: string; parameters: string; tags: string },
): boolean {
  return (
    JSON.stringify(deploymentOf(live.body)) !== JSON.stringify(deploymentOf(proposed.body)) ||
    live.parameters !== proposed.parameters ||
    live.tags !== proposed.tags
  );
}

export interface VersionStep {
  from: string;
  to: string;
  /** The changelog entries the move brings, newest first (empty when from = to). */
  entries: ChangelogEntry[];
}

/** Moving a client from the version of its live revision to the blueprint's current one. */
export function versionStep(blueprint: Pick<Blueprint, "version" | "changelog">, from: string): VersionStep {
  return { from, to: blueprint.version, entries: entriesBetween(blueprint.changelog, from, blueprint.version) };
}

/** Is a client whose live revision was rendered from `version` behind its blueprint? */
export function isBehind(blueprint: Pick<Blueprint, "version">, version: string): boolean {
  return compareVersions(version, blueprint.version) < 0;
}
