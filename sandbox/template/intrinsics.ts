// Evaluation of CloudFormation intrinsic functions and conditions over parsed templates.
// Values that cannot be known yet (a resource that does not exist or is about to be replaced) are
// the UNKNOWN sentinel; it propagates through functions so change sets can tell static changes
// from ones that depend on another resource.
import { TemplateError } from "../errors";
import { cidrSubnets } from "./cidr";
import type { Json } from "./parse";
import { has, own } from "../own";

export class Unknown {
  constructor(readonly cause: string) {}
}
export const NO_VALUE: unique symbol = Symbol("AWS::NoValue");

export type Value = Json | Unknown | typeof NO_VALUE | Value[] | { [k: string]: Value };

export interface EvalContext {
  /** Parameter values (List types as arrays) and pseudo parameters. */
  refValue(name: string): Json | undefined;
  isResource(name: string): boolean;
  ref(logicalId: string): Json | Unknown;
  getAtt(logicalId: string, attribute: string): Json | Unknown;
  condition(name: string): boolean;
  mappings: Record<string, Record<string, Record<string, Json>>>;
  region: string;
  importValue(name: string): Json | Unknown;
}

export const unresolved = (names: string[]) =>
  new TemplateError(`Template format error: Unresolved resource dependencies [${names.join(", ")}] in the Resources block of the template`);

function fnName(node: Record<string, unknown>): string | undefined {
  const keys = Object.keys(node);
  if (keys.length !== 1) return undefined;
  const k = keys[0];
  // "Condition" is also an ordinary key in IAM policy statements; only a string value is a function.
  if (k === "Ref" || k === "Condition") return typeof node[k] === "string" ? k : undefined;
  return k.startsWith("Fn::") ? k : undefined;
}

const isUnknown = (v: unknown): v is Unknown => v instanceof Unknown;

function containsUnknown(v: Value): Unknown | undefined {
  if (isUnknown(v)) return v;
  if (Array.isArray(v))
    for (const x of v) {
      const u = containsUnknown(x);
      if (u) return u;
    }
  return undefined;
}

function asString(v: Value, fn: string): string {
  if (typeof v === "string") return v;
  if (typeof v === "number" || typeof v === "boolean") return String(v);
  throw new TemplateError(`Template error: every ${fn} object requires string values`);
}

function asArray(v: Value, fn: string): Value[] {
  if (!Array.isArray(v)) throw new TemplateError(`Template error: ${fn} requires a list argument`);
  return v;
}

/** Fn::Sub: ${Name}, ${Res.Attr}, ${AWS::Region}; ${!Literal} stays literal. */
function substitute(template: string, vars: Record<string, Value>, ctx: EvalContext): Value {
  let unknown: Unknown | undefined;
  const out = template.replace(/\$\{([^}]*)\}/g, (_m, expr: string) => {
    if (expr.startsWith("!")) return "${" + expr.slice(1) + "}";
    const name = expr.trim();
    let v: Value;
    if (has(vars, name)) v = vars[name];
    else if (!name.includes("::") && name.includes(".")) {
      const dot = name.indexOf(".");
      v = ctx.getAtt(name.slice(0, dot), name.slice(dot + 1));
    } else v = evaluate({ Ref: name }, ctx);
    if (isUnknown(v)) {
      unknown = v;
      return "";
    }
    if (Array.isArray(v)) return v.join(",");
    return asString(v, "Fn::Sub");
  });
  return unknown ?? out;
}

function callFunction(fn: string, arg: Json, ctx: EvalContext): Value {
  switch (fn) {
    case "Ref": {
      const name = arg as string;
      if (name === "AWS::NoValue") return NO_VALUE;
      const v = ctx.refValue(name);
      if (v !== undefined) return v;
      if (ctx.isResource(name)) return ctx.ref(name);
      throw unresolved([name]);
    }
    case "Condition":
      return ctx.condition(arg as string);
    case "Fn::GetAtt": {
      let parts: Value = typeof arg === "string" ? [arg.slice(0, arg.indexOf(".")), arg.slice(arg.indexOf(".") + 1)] : evaluate(arg, ctx);
      parts = asArray(parts, "Fn::GetAtt");
      const [res, attr] = parts;
      if (isUnknown(attr)) return attr;
      if (!ctx.isResource(String(res)))
        throw new TemplateError(`Template error: instance of Fn::GetAtt references undefined resource ${String(res)}`);
      return ctx.getAtt(String(res), asString(attr, "Fn::GetAtt"));
    }
    case "Fn::Sub": {
      if (typeof arg === "string") return substitute(arg, {}, ctx);
      const [tpl, varsRaw] = asArray(arg as Value, "Fn::Sub") as [Json, Record<string, Json>];
      const vars: Record<string, Value> = {};
      for (const [k, v] of Object.entries(varsRaw ?? {})) vars[k] = evaluate(v, ctx);
      return substitute(asString(tpl, "Fn::Sub"), vars, ctx);
    }
    case "Fn::Join": {
      const [delim, list] = asArray(arg as Value, "Fn::Join") as [Json, Json];
      const items = evaluate(list, ctx);
      const u = containsUnknown(items);
      if (u) return u;
      return asArray(items, "Fn::Join")
        .filter((x) => x !== NO_VALUE)
        .map((x) => asString(x, "Fn::Join"))
        .join(asString(delim, "Fn::Join"));
    }
    case "Fn::Select": {
      const [indexRaw, listRaw] = asArray(arg as Value, "Fn::Select") as [Json, Json];
      const index = evaluate(indexRaw, ctx);
      const list = evaluate(listRaw, ctx);
      if (isUnknown(index)) return index;
      if (isUnknown(list)) return list;
      const arr = asArray(list, "Fn::Select");
      const i = Number(index);
      if (!Number.isInteger(i) || i < 0 || i >= arr.length)
        throw new TemplateError("Template error: Fn::Select cannot select nonexistent value at index " + String(index));
      return arr[i];
    }
    case "Fn::Split": {
      const [delim, sRaw] = asArray(arg as Value, "Fn::Split") as [Json, Json];
      const s = evaluate(sRaw, ctx);
      if (isUnknown(s)) return s;
      return asString(s, "Fn::Split").split(asString(delim, "Fn::Split"));
    }
    case "Fn::GetAZs": {
      const r = evaluate(arg, ctx);
      if (isUnknown(r)) return r;
      const region = r === "" || r === null ? ctx.region : asString(r, "Fn::GetAZs");
      return ["a", "b", "c"].map((z) => region + z);
    }
    case "Fn::If": {
      const [cond, whenTrue, whenFalse] = asArray(arg as Value, "Fn::If") as [string, Json, Json];
      return evaluate(ctx.condition(cond) ? whenTrue : whenFalse, ctx);
    }
    case "Fn::Equals": {
      const [a, b] = asArray(arg as Value, "Fn::Equals").map((x) => evaluate(x as Json, ctx));
      if (isUnknown(a) || isUnknown(b)) return isUnknown(a) ? a : b;
      return JSON.stringify(normalizeScalar(a)) === JSON.stringify(normalizeScalar(b));
    }
    case "Fn::And":
    case "Fn::Or": {
      const vals = asArray(arg as Value, fn).map((x) => evaluate(x as Json, ctx));
      const u = vals.find(isUnknown);
      if (u) return u;
      return fn === "Fn::And" ? vals.every((v) => v === true) : vals.some((v) => v === true);
    }
    case "Fn::Not": {
      const [v] = asArray(arg as Value, "Fn::Not").map((x) => evaluate(x as Json, ctx));
      return isUnknown(v) ? v : v !== true;
    }
    case "Fn::FindInMap": {
      const [m, k1, k2] = asArray(arg as Value, "Fn::FindInMap").map((x) => evaluate(x as Json, ctx));
      for (const x of [m, k1, k2]) if (isUnknown(x)) return x;
      const path = [m, k1, k2].map((x) => asString(x as Value, "Fn::FindInMap"));
      const v = own(own(own(ctx.mappings, path[0]), path[1]), path[2]);
      if (v === undefined) throw new TemplateError(`Template error: Unable to get mapping for ${path.join("::")}`);
      return v;
    }
    case "Fn::Base64": {
      const v = evaluate(arg, ctx);
      return isUnknown(v) ? v : Buffer.from(asString(v, "Fn::Base64")).toString("base64");
    }
    case "Fn::Cidr": {
      const [block, count, bits] = asArray(arg as Value, "Fn::Cidr").map((x) => evaluate(x as Json, ctx));
      for (const x of [block, count, bits]) if (isUnknown(x)) return x;
      return cidrSubnets(asString(block, "Fn::Cidr"), Number(count), Number(bits));
    }
    case "Fn::ImportValue": {
      const v = evaluate(arg, ctx);
      return isUnknown(v) ? v : ctx.importValue(asString(v, "Fn::ImportValue"));
    }
    case "Fn::Length": {
      const v = evaluate(arg, ctx);
      return isUnknown(v) ? v : asArray(v, "Fn::Length").length;
    }
    // Rule-specific functions (the Rules section).
    case "Fn::Contains":
    case "Fn::EachMemberEquals":
    case "Fn::EachMemberIn": {
      const [a, b] = asArray(arg as Value, fn).map((x) => evaluate(x as Json, ctx));
      const u = containsUnknown(a) ?? containsUnknown(b);
      if (u) return u;
      const list = asArray(a, fn).map((x) => asString(x, fn));
      if (fn === "Fn::Contains") return list.includes(asString(b, fn));
      if (fn === "Fn::EachMemberEquals") return list.every((x) => x === asString(b, fn));
      const allowed = asArray(b, fn).map((x) => asString(x, fn));
      return list.every((x) => allowed.includes(x));
    }
    case "Fn::RefAll":
    case "Fn::ValueOf":
    case "Fn::ValueOfAll":
      // These read live AWS data (e.g. a VPC's tags), which the sandbox does not have.
      return new Unknown(fn);
    case "Fn::ToJsonString": {
      const v = evaluate(arg, ctx);
      return containsUnknown(v) ?? JSON.stringify(v);
    }
    default:
      throw new TemplateError(`Template format error: Unsupported function ${fn}`);
  }
}

function normalizeScalar(v: Value): Value {
  return typeof v === "number" || typeof v === "boolean" ? String(v) : v;
}

/** Evaluates a template fragment; AWS::NoValue removes the member it is assigned to. */
export function evaluate(node: Json | undefined, ctx: EvalContext): Value {
  if (node === null || node === undefined || typeof node !== "object") return node ?? null;
  if (Array.isArray(node)) {
    const out: Value[] = [];
    for (const item of node) {
      const v = evaluate(item, ctx);
      if (v !== NO_VALUE) out.push(v);
    }
    return out;
  }
  const fn = fnName(node);
  if (fn) return callFunction(fn, node[fn], ctx);
  const out: Record<string, Value> = {};
  for (const [k, v] of Object.entries(node)) {
    const r = evaluate(v, ctx);
    if (r !== NO_VALUE) out[k] = r;
  }
  return out;
}

/** Evaluates every condition of a template once, detecting cycles between them. */
export function resolveConditions(conditions: Record<string, Json>, base: Omit<EvalContext, "condition">): Record<string, boolean> {
  const done: Record<string, boolean> = {};
  const visiting = new Set<string>();
  const ctx: EvalContext = {
    ...base,
    isResource: () => false,
    condition(name: string): boolean {
      if (has(done, name)) return done[name];
      if (!has(conditions, name)) throw new TemplateError(`Template format error: Unresolved condition dependency ${name} in Fn::If`);
      if (visiting.has(name)) throw new TemplateError(`Template error: circular condition dependency ${name}`);
      visiting.add(name);
      const v = evaluate(conditions[name], ctx);
      visiting.delete(name);
      if (typeof v !== "boolean") throw new TemplateError(`Template error: condition ${name} must evaluate to a boolean`);
      return (done[name] = v);
    },
  };
  for (const name of Object.keys(conditions)) ctx.condition(name);
  return done;
}

export interface References {
  refs: Set<string>;
  getAtts: [string, string][];
}

/**
 * Names a fragment refers to (Ref, Fn::GetAtt, Fn::Sub variables). With `conditions`, only the
 * branch of each Fn::If that applies is followed, which is how CloudFormation orders resources.
 */
export function collectReferences(
  node: Json | undefined,
  conditions?: Record<string, boolean>,
  out: References = { refs: new Set(), getAtts: [] },
): References {
  if (node === null || node === undefined || typeof node !== "object") return out;
  if (Array.isArray(node)) {
    for (const x of node) collectReferences(x, conditions, out);
    return out;
  }
  const fn = fnName(node);
  const arg = fn ? node[fn] : undefined;
  if (fn === "Ref" && typeof arg === "string") out.refs.add(arg);
  else if (fn === "Fn::GetAtt") {
    const parts = typeof arg === "string" ? [arg.slice(0, arg.indexOf(".")), arg.slice(arg.indexOf(".") + 1)] : (arg as Json[]);
    if (Array.isArray(parts) && typeof parts[0] === "string") out.getAtts.push([parts[0], typeof parts[1] === "string" ? parts[1] : "*"]);
    if (Array.isArray(parts)) collectReferences(parts[1], conditions, out);
  } else if (fn === "Fn::Sub") {
    const [tpl, vars] = typeof arg === "string" ? [arg, {}] : (arg as [string, Record<string, Json>]);
    const local = new Set(Object.keys(vars ?? {}));
    for (const m of String(tpl).matchAll(/\$\{([^}!][^}]*)\}/g)) {
      const name = m[1].trim();
      if (local.has(name)) continue;
      if (!name.includes("::") && name.includes("."))
        out.getAtts.push([name.slice(0, name.indexOf(".")), name.slice(name.indexOf(".") + 1)]);
      else out.refs.add(name);
    }
    collectReferences(vars as Json, conditions, out);
  } else if (fn === "Fn::If" && conditions && Array.isArray(arg)) {
    collectReferences(conditions[arg[0] as string] ? arg[1] : arg[2], conditions, out);
  } else {
    for (const v of Object.values(node)) collectReferences(v, conditions, out);
  }
  return out;
}
