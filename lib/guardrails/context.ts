// What a guardrail rule sees: the template's resources that exist under the rendered parameter
// values, with Fn::If / Ref-to-parameter / FindInMap already resolved.
import { isJsonObject, type Json, type JsonObject } from "../catalog";
import { METADATA_KEY } from "../render/render";
import { activeResources, createResolveContext, resolve, type ResolveContext } from "../render/intrinsics";

export type Severity = "error" | "warning";
export interface Finding {
  ruleId: string;
  severity: Severity;
  message: string;
  /** Logical id of the resource the finding is about. */
  resource: string;
}

export interface Resource {
  id: string;
  type: string;
  /** Properties with parameter-dependent intrinsics resolved; absent properties are absent. */
  props: JsonObject;
  raw: JsonObject;
}

export interface PolicyContext {
  template: JsonObject;
  resolveCtx: ResolveContext;
  /** "production" | "staging", or undefined when the template does not say. */
  environment: string | undefined;
  /** True for production, and also when the environment is unknown: production rules fail closed. */
  strict: boolean;
  resources: Resource[];
  ofType(...types: string[]): Resource[];
  value(v: Json | undefined): Json | undefined;
}

export interface GuardrailRule {
  id: string;
  severity: Severity;
  /** One line for people: what the rule protects. */
  description: string;
  check(ctx: PolicyContext): Array<{ resource: string; message: string }>;
}

/**
 * The environment comes from the portal's Metadata block (written by render), else from a
 * parameter named Environment, so hand-written templates can be checked too.
 */
function environmentOf(template: JsonObject, resolveCtx: ResolveContext): string | undefined {
  const meta = isJsonObject(template.Metadata) ? template.Metadata[METADATA_KEY] : undefined;
  if (isJsonObject(meta) && typeof meta.environment === "string") return meta.environment;
  return resolveCtx.parameters.Environment;
}

export function createPolicyContext(template: JsonObject, parameters?: Record<string, string>): PolicyContext {
  const resolveCtx = createResolveContext(template, parameters);
  const resources: Resource[] = activeResources(template, resolveCtx).map(([id, raw]) => {
    const props = isJsonObject(raw.Properties) ? resolve(raw.Properties, resolveCtx) : {};
    return { id, type: String(raw.Type), props: isJsonObject(props) ? props : {}, raw };
  });
  const environment = environmentOf(template, resolveCtx);
  return {
    template,
    resolveCtx,
    environment,
    strict: environment !== "staging",
    resources,
    ofType: (...types) => resources.filter((r) => types.includes(r.type)),
    value: (v) => {
      if (v === undefined) return undefined;
      const r = resolve(v, resolveCtx);
      return typeof r === "symbol" ? undefined : r;
    },
  };
}

// ---- small helpers shared by rules

export const isTrue = (v: Json | undefined) => v === true || v === "true";
export const isFalse = (v: Json | undefined) => v === false || v === "false";
export const num = (v: Json | undefined) => (typeof v === "number" || (typeof v === "string" && v.trim() !== "") ? Number(v) : NaN);

/** `{Ref: X}` or `{Fn::GetAtt: [X, ...]}` → X: which resource a property points at. */
export function referencedResource(v: Json | undefined): string | undefined {
  if (!isJsonObject(v)) return undefined;
  if (typeof v.Ref === "string") return v.Ref;
  const att = v["Fn::GetAtt"];
  if (Array.isArray(att) && typeof att[0] === "string") return att[0];
  if (typeof att === "string") return att.split(".")[0];
  return undefined;
}

export function get(obj: Json | undefined, ...path: string[]): Json | undefined {
  let cur: Json | undefined = obj;
  for (const key of path) cur = isJsonObject(cur) ? cur[key] : undefined;
  return cur;
}

export const asArray = (v: Json | undefined): Json[] => (Array.isArray(v) ? v : v === undefined ? [] : [v]);
