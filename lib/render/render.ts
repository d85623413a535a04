// Blueprint + size + client → the exact CloudFormation request: template body, parameters and
// tags. Pure and deterministic: no clock, no randomness, no I/O beyond the cached catalog, so the
// same input always yields the same bytes and sha256 (what approvers approve is what is deployed).
import { createHash } from "node:crypto";
import {
  checkParameterValue,
  deepFreeze,
  findSize,
  productionMinimumRule,
  sizeAllowedIn,
  getCatalog,
  interpolate,
  isJsonObject,
  matchesPattern,
  type Blueprint,
  type Catalog,
  type JsonObject,
} from "../catalog";
import { canonicalJson } from "./canonical";
import { RenderInputError, fieldPath, type FieldIssue } from "./errors";
import { activeResources, createResolveContext } from "./intrinsics";
import { renderInputSchema, type ParsedRenderInput, type RenderInput } from "./schemas";
import { MASK, noEchoNames } from "./secrets";
import { slugify, toTagValue } from "./slug";
import type { RenderResult } from "./types";

export type { RenderResult, RenderSummary, StackParameter, StackTag } from "./types";

/** Key under the template's Metadata where the portal records what it rendered. */
export const METADATA_KEY = "Stackport";

function checkAgainstCatalog(input: ParsedRenderInput, catalog: Catalog): { blueprint: Blueprint; values: Record<string, string> } {
  const issues: FieldIssue[] = [];
  const blueprint = catalog.blueprints.find((b) => b.id === input.blueprintId);
  if (!blueprint) {
    throw new RenderInputError([
      { field: "blueprintId", message: `unknown blueprint; choose one of ${catalog.blueprints.map((b) => b.id).join(", ")}` },
    ]);
  }
  const size = findSize(blueprint, input.sizeId);
  if (!size) issues.push({ field: "sizeId", message: `unknown size; choose one of ${blueprint.sizes.map((s) => s.id).join(", ")}` });
  else if (!sizeAllowedIn(blueprint, size, input.client.environment)) {
    issues.push({ field: "sizeId", message: productionMinimumRule(blueprint) });
  }
  const slug = input.metadata?.clientSlug ?? slugify(input.client.displayName);
  if (!slug) issues.push({ field: "client.displayName", message: "must contain a letter or digit a stack name can use" });

  const overrides = input.overrides ?? {};
  for (const [name, value] of Object.entries(overrides)) {
    const field = `overrides.${name}`;
    const rule = blueprint.overrides.find((o) => o.parameter === name);
    if (!rule) {
      issues.push({ field, message: `is not adjustable; allowed: ${blueprint.overrides.map((o) => o.parameter).join(", ") || "none"}` });
      continue;
    }
    if (rule.values && !rule.values.includes(value)) issues.push({ field, message: `must be one of ${rule.values.join(", ")}` });
    else if (rule.pattern && !matchesPattern(rule.pattern, value)) issues.push({ field, message: `must match ${rule.pattern}` });
    else {
      const problem = checkParameterValue(blueprint.templateParameters[name], value);
      if (problem) issues.push({ field, message: problem });
    }
  }
  if (issues.length > 0 || !size) throw new RenderInputError(issues);

  const values: Record<string, string> = {};
  for (const [name, def] of Object.entries(blueprint.templateParameters)) if (def.Default !== undefined) values[name] = def.Default;
  Object.assign(values, size.parameters, overrides, { [blueprint.environmentParameter]: input.client.environment });
  return { blueprint, values };
}

function parseInput(input: unknown): ParsedRenderInput {
  const parsed = renderInputSchema.safeParse(input);
  if (parsed.success) return parsed.data;
  throw new RenderInputError(
    parsed.error.issues.flatMap((i) =>
      i.code === "unrecognized_keys"
        ? i.keys.map((k) => ({ field: fieldPath([...i.path, k]), message: "is not a known field" }))
        : [{ field: fieldPath(i.path) || "(input)", message: i.message }],
    ),
  );
}

function matches(when: Record<string, string> | undefined, values: Record<string, string>): boolean {
  return !when || Object.entries(when).every(([k, v]) => values[k] === v);
}

export function renderStack(input: RenderInput, options: { catalog?: Catalog } = {}): RenderResult {
  const parsed = parseInput(input);
  const catalog = options.catalog ?? getCatalog();
  const { blueprint, values } = checkAgainstCatalog(parsed, catalog);
  const { client, metadata } = parsed;
  const slug = metadata?.clientSlug ?? slugify(client.displayName);
  const base = blueprint.template;

  // The chosen values become the parameters' Defaults, so the body alone describes the deployment
  // (and the guardrails can evaluate it); they are also sent explicitly as parameters. A NoEcho
  // parameter is the exception: its value travels only in the parameters, never in the body that
  // pages show and the change log hashes.
  const parameters: JsonObject = {};
  const noEcho = noEchoNames(base);
  for (const [name, def] of Object.entries(base.Parameters as JsonObject)) {
    if (noEcho.has(name) && isJsonObject(def)) {
      const { Default: _secret, ...declaration } = def;
      parameters[name] = declaration;
    } else {
      parameters[name] =
        isJsonObject(def) && def.Default !== undefined && String(def.Default) === values[name]
          ? def
          : { ...(def as JsonObject), Default: values[name] };
    }
  }
  const stackport: JsonObject = {
    blueprint: blueprint.id,
    blueprintVersion: blueprint.version,
    size: parsed.sizeId,
    environment: client.environment,
    region: client.region,
    client: { displayName: client.displayName, slug, owner: client.owner },
    ...(parsed.overrides && Object.keys(parsed.overrides).length > 0
      ? { overrides: Object.fromEntries(Object.entries(parsed.overrides).map(([k, v]) => [k, noEcho.has(k) ? MASK : v])) }
      : {}),
    ...(metadata?.revision !== undefined ? { revision: metadata.revision } : {}),
    ...(metadata?.changeRequestId !== undefined ? { changeRequestId: metadata.changeRequestId } : {}),
  };
  const template = deepFreeze({
    ...base,
    Parameters: parameters,
    Metadata: { ...(isJsonObject(base.Metadata) ? base.Metadata : {}), [METADATA_KEY]: stackport },
  });
  const body = canonicalJson(template);

  // Stack tags propagate to every taggable resource; they carry identity only. Revision and change
  // request live in Metadata, because changing a stack tag re-tags every resource on each update.
  const tagMap: Record<string, string> = {
    "stackport:blueprint": blueprint.id,
    "stackport:client": toTagValue(client.displayName) || slug,
    "stackport:client-slug": slug,
    "stackport:environment": client.environment,
    "stackport:managed-by": "stackport",
    "stackport:owner": toTagValue(client.owner),
  };

  const ctx = createResolveContext(template, values);
  const byType: Record<string, number> = {};
  const active = activeResources(template, ctx);
  for (const [, r] of active) byType[String(r.Type)] = (byType[String(r.Type)] ?? 0) + 1;

  return {
    slug,
    stackName: `${slug}-${blueprint.id}-${client.environment}`,
    template,
    body,
    parameters: Object.keys(values)
      .sort()
      .map((k) => ({ ParameterKey: k, ParameterValue: values[k] })),
    tags: Object.keys(tagMap)
      .sort()
      .map((k) => ({ Key: k, Value: tagMap[k] })),
    sha256: createHash("sha256").update(body).digest("hex"),
    blueprintVersion: blueprint.version,
    inputsDigest: blueprint.inputsDigest,
    summary: {
      resourceCount: active.length,
      byType: Object.fromEntries(Object.entries(byType).sort(([a], [b]) => a.localeCompare(b))),
      highlights: blueprint.highlights
        .filter((h) => matches(h.when, values) && (!h.unless || !matches(h.unless, values)))
        .map((h) => interpolate(h.text, values)),
    },
  };
}
