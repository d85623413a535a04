// Evaluates the parts of a template that depend only on parameter values: Conditions, Fn::If,
// Ref to parameters, Fn::FindInMap, Fn::Select. Anything that needs a deployed resource (GetAtt,
// Ref to a resource, Sub) is returned unchanged, so callers can still see what it points at.
import { isJsonObject, type Json, type JsonObject } from "../catalog";

export const NO_VALUE: unique symbol = Symbol("AWS::NoValue");
export type Resolved = Json | typeof NO_VALUE;

export interface ResolveContext {
  parameters: Record<string, string>;
  parameterTypes: Record<string, string>;
  conditions: Record<string, boolean>;
  mappings: JsonObject;
}

/** Parameter values the stack would get: each parameter's Default, replaced by `given`. */
export function parameterValues(template: JsonObject, given: Record<string, string> = {}): Record<string, string> {
  const out: Record<string, string> = {};
  const params = isJsonObject(template.Parameters) ? template.Parameters : {};
  for (const [name, def] of Object.entries(params)) {
    if (isJsonObject(def) && def.Default !== undefined && def.Default !== null) out[name] = String(def.Default);
  }
  return { ...out, ...given };
}

function conditionValue(expr: Json, ctx: ResolveContext, raw: JsonObject, stack: string[]): boolean {
  if (!isJsonObject(expr)) throw new Error(`condition expression must be an object, got ${JSON.stringify(expr)}`);
  const [fn, arg] = Object.entries(expr)[0] ?? [];
  const args = Array.isArray(arg) ? arg : [];
  switch (fn) {
    case "Condition":
      return namedCondition(String(arg), ctx, raw, stack);
    case "Fn::Not":
      return !conditionValue(args[0], ctx, raw, stack);
    case "Fn::And":
      return args.every((a) => conditionValue(a, ctx, raw, stack));
    case "Fn::Or":
      return args.some((a) => conditionValue(a, ctx, raw, stack));
    case "Fn::Equals": {
      const [a, b] = args.map((v) => resolve(v, ctx));
      if ((a !== null && typeof a === "object") || (b !== null && typeof b === "object")) {
        throw new Error(`Fn::Equals operand cannot be resolved from parameters: ${JSON.stringify(args)}`);
      }
      return String(a) === String(b);
    }
    default:
      throw new Error(`unsupported condition function ${String(fn)}`);
  }
}

function namedCondition(name: string, ctx: ResolveContext, raw: JsonObject, stack: string[]): boolean {
  if (name in ctx.conditions) return ctx.conditions[name];
  if (stack.includes(name)) throw new Error(`condition cycle: ${[...stack, name].join(" → ")}`);
  if (!(name in raw)) throw new Error(`unknown condition ${name}`);
  const value = conditionValue(raw[name], ctx, raw, [...stack, name]);
  ctx.conditions[name] = value;
  return value;
}

/** Context for resolving values of `template` with the given parameter values (Defaults otherwise). */
export function createResolveContext(template: JsonObject, given?: Record<string, string>): ResolveContext {
  const params = isJsonObject(template.Parameters) ? template.Parameters : {};
  const parameterTypes: Record<string, string> = {};
  for (const [name, def] of Object.entries(params)) if (isJsonObject(def)) parameterTypes[name] = String(def.Type ?? "String");
  const ctx: ResolveContext = {
    parameters: parameterValues(template, given),
    parameterTypes,
    conditions: {},
    mappings: isJsonObject(template.Mappings) ? template.Mappings : {},
  };
  const raw = isJsonObject(template.Conditions) ? template.Conditions : {};
  for (const name of Object.keys(raw)) namedCondition(name, ctx, raw, []);
  return ctx;
}

function resolveRef(name: string, ctx: ResolveContext, original: Json): Resolved {
  if (name === "AWS::NoValue") return NO_VALUE;
  const value = ctx.parameters[name];
  if (value === undefined) return original;
  const type = ctx.parameterTypes[name] ?? "String";
  return type === "CommaDelimitedList" || type.startsWith("List<") ? value.split(",").map((v) => v.trim()) : value;
}

export function resolve(value: Json, ctx: ResolveContext): Resolved {
  if (Array.isArray(value)) {
    const out: Json[] = [];
    for (const item of value) {
      const r = resolve(item, ctx);
      if (r !== NO_VALUE) out.push(r);
    }
    return out;
  }
  if (!isJsonObject(value)) return value;
  const keys = Object.keys(value);
  if (keys.length === 1) {
    const arg = value[keys[0]];
    switch (keys[0]) {
      case "Ref":
        return typeof arg === "string" ? resolveRef(arg, ctx, value) : value;
      case "Fn::If": {
        if (!Array.isArray(arg) || arg.length !== 3) return value;
        const cond = ctx.conditions[String(arg[0])];
        return cond === undefined ? value : resolve(cond ? arg[1] : arg[2], ctx);
      }
      case "Fn::FindInMap": {
        if (!Array.isArray(arg) || arg.length < 3) return value;
        const [map, top, second] = arg.slice(0, 3).map((a) => resolve(a, ctx));
        const found =
          typeof map === "string" && typeof top === "string" && typeof second === "string"
            ? (ctx.mappings[map] as JsonObject | undefined)?.[top]
            : undefined;
        const leaf = isJsonObject(found) ? found[second as string] : undefined;
        return leaf === undefined ? value : resolve(leaf, ctx);
      }
      case "Fn::Select": {
        if (!Array.isArray(arg) || arg.length !== 2) return value;
        const index = resolve(arg[0], ctx);
        const list = resolve(arg[1], ctx);
        return Array.isArray(list) && list[Number(index)] !== undefined ? list[Number(index)] : value;
      }
      default:
        if (keys[0].startsWith("Fn::")) return value;
    }
  }
  const out: JsonObject = {};
  for (const k of keys) {
    const r = resolve(value[k], ctx);
    if (r !== NO_VALUE) out[k] = r;
  }
  return out;
}

/** Resources that exist under these parameter values (their Condition, if any, holds). */
export function activeResources(template: JsonObject, ctx: ResolveContext): [string, JsonObject][] {
  const resources = isJsonObject(template.Resources) ? template.Resources : {};
  return Object.entries(resources).filter(
    (entry): entry is [string, JsonObject] =>
      isJsonObject(entry[1]) && (typeof entry[1].Condition !== "string" || ctx.conditions[entry[1].Condition] === true),
  );
}
