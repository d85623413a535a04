// A template bound to one stack and its parameter values: conditions, the resources that exist
// under them, their dependency order, and evaluation contexts over the stack's live resources.
import { TemplateError } from "../errors";
import { genericAttribute } from "../resources";
import type { AnalyzedTemplate } from "../template/analyze";
import { resourceDependencies, topologicalOrder } from "../template/graph";
import { collectReferences, evaluate, resolveConditions, Unknown, unresolved, type EvalContext, type Value } from "../template/intrinsics";
import { parameterRefValues, type ParameterValue } from "../template/parameters";
import { checkRules } from "../template/rules";
import type { Json } from "../template/parse";
import type { OutputValue, ResourceRecord } from "./model";
import { has, own } from "../own";

export interface StackIdentity {
  stackId: string;
  stackName: string;
  region: string;
  notificationARNs: string[];
}

export interface Instance {
  analyzed: AnalyzedTemplate;
  parameters: ParameterValue[];
  refValues: Record<string, Json>;
  conditions: Record<string, boolean>;
  /** Resources whose Condition holds, in template order. */
  active: string[];
  deps: Record<string, string[]>;
  order: string[];
  shape: Shape;
}

/** The account of requests signed with static keys; an assumed role's stacks are in the role's account. */
export const ACCOUNT_ID = "123456789012";

/** The account a stack lives in, from its ARN. */
export const stackAccount = (stack: { stackId: string }): string => stack.stackId.split(":")[4] || ACCOUNT_ID;

function pseudoParameters(stack: StackIdentity): Record<string, Json> {
  return {
    "AWS::AccountId": stackAccount(stack),
    "AWS::Region": stack.region,
    "AWS::StackId": stack.stackId,
    "AWS::StackName": stack.stackName,
    "AWS::Partition": "aws",
    "AWS::URLSuffix": "amazonaws.com",
    "AWS::NotificationARNs": stack.notificationARNs,
  };
}

interface Shape {
  /** A dry run with these values passed (never set for templates that import values). */
  dryRunPassed?: boolean;
  conditions: Record<string, boolean>;
  active: string[];
  deps: Record<string, string[]>;
  order: string[];
}

// Conditions, active resources and dependency order depend on the template and parameter values
// (and the region), not on the stack: 500 stacks of one blueprint share one shape.
const shapes = new Map<string, Shape>();
// Bound instances, cached per parameter array (a stack keeps its array until its next operation).
const bound = new WeakMap<ParameterValue[], Map<string, Instance>>();

function computeShape(stack: StackIdentity, analyzed: AnalyzedTemplate, refValues: Record<string, Json>): Shape {
  const t = analyzed.template;
  const base = {
    refValue: (n: string) => refValues[n],
    isResource: () => false,
    ref: (n: string) => new Unknown(n),
    getAtt: (n: string) => new Unknown(n),
    mappings: t.Mappings ?? {},
    region: stack.region,
    importValue: (n: string) => new Unknown(n),
  };
  const conditions = resolveConditions(t.Conditions ?? {}, base);
  checkRules(t, { ...base, condition: (n) => conditions[n] ?? false });
  const active = Object.keys(t.Resources).filter((id) => {
    const c = t.Resources[id].Condition;
    return c === undefined || conditions[c];
  });
  const activeSet = new Set(active);
  // A reference (in the branch that applies) to a resource whose condition is false is unresolved.
  const check = (node: Json | undefined) => {
    const refs = collectReferences(node, conditions);
    const bad = [...refs.refs, ...refs.getAtts.map((g) => g[0])].filter((r) => has(t.Resources, r) && !activeSet.has(r));
    if (bad.length) throw unresolved([...new Set(bad)]);
  };
  for (const id of active) check(t.Resources[id].Properties as Json);
  for (const o of Object.values(t.Outputs ?? {})) if (o.Condition === undefined || conditions[o.Condition]) check(o as unknown as Json);
  const deps = resourceDependencies(t, active, conditions);
  for (const id of active) {
    const bad = (t.Resources[id].DependsOn ? [t.Resources[id].DependsOn].flat() : []).filter((d) => !activeSet.has(d));
    if (bad.length) throw unresolved(bad);
  }
  return { conditions, active, deps, order: topologicalOrder(deps) };
}

/** Binds a template to a stack; throws TemplateError for anything CloudFormation rejects up front. */
export function instantiate(stack: StackIdentity, analyzed: AnalyzedTemplate, parameters: ParameterValue[]): Instance {
  let perParams = bound.get(parameters);
  if (!perParams) bound.set(parameters, (perParams = new Map()));
  const boundKey = `${stack.stackId}|${analyzed.hash}`;
  const hit = perParams.get(boundKey);
  if (hit) return hit;
  const t = analyzed.template;
  const refValues: Record<string, Json> = Object.assign(
    Object.create(null),
    parameterRefValues(t.Parameters, parameters),
    pseudoParameters(stack),
  );
  const shapeKey = `${analyzed.hash}|${stack.region}|${analyzed.usesStackIdentity ? stack.stackId : ""}|${JSON.stringify(parameters)}`;
  let shape = shapes.get(shapeKey);
  if (!shape) {
    shape = computeShape(stack, analyzed, refValues);
    if (shapes.size >= 500) shapes.delete(shapes.keys().next().value!);
    shapes.set(shapeKey, shape);
  }
  const inst: Instance = { analyzed, parameters, refValues, ...shape, shape };
  perParams.set(boundKey, inst);
  return inst;
}

export interface ContextOptions {
  /** Resources whose values are not known yet (replaced or not created): Ref/GetAtt yield Unknown. */
  unknown?: Set<string>;
  exports?: (name: string) => string | undefined;
}

/** An evaluation context over the stack's live resources. */
export function evalContext(
  stack: StackIdentity,
  inst: Instance,
  resources: Record<string, ResourceRecord>,
  opts: ContextOptions = {},
): EvalContext {
  const t = inst.analyzed.template;
  const live = (id: string): ResourceRecord | undefined => {
    if (opts.unknown?.has(id)) return undefined;
    const r = own(resources, id);
    return r?.physicalId && !r.status.startsWith("DELETE_") ? r : undefined;
  };
  return {
    refValue: (n) => inst.refValues[n],
    isResource: (n) => has(t.Resources, n),
    ref: (id) => live(id)?.physicalId ?? new Unknown(id),
    getAtt: (id, attr) => {
      const r = live(id);
      if (!r) return new Unknown(id);
      return own(r.attributes, attr) ?? genericAttribute(r.type, r.physicalId!, attr, stack.region, stackAccount(stack));
    },
    condition: (name) => {
      if (!has(inst.conditions, name)) throw new TemplateError(`Template format error: Unresolved condition dependency ${name} in Fn::If`);
      return inst.conditions[name];
    },
    mappings: t.Mappings ?? {},
    region: stack.region,
    importValue: (name) => {
      const v = opts.exports?.(name);
      if (v === undefined) throw new TemplateError(`No export named ${name} found. Rollback requested by user.`);
      return v;
    },
  };
}

export function hasUnknown(v: Value): boolean {
  if (v instanceof Unknown) return true;
  if (Array.isArray(v)) return v.some(hasUnknown);
  if (v && typeof v === "object") return Object.values(v).some((x) => hasUnknown(x as Value));
  return false;
}

/** Evaluates a resource's properties; Unknown values remain where inputs are not known. */
export function resourceProperties(inst: Instance, id: string, ctx: EvalContext): Record<string, Value> {
  const v = evaluate((inst.analyzed.template.Resources[id].Properties ?? {}) as Json, ctx);
  return (v && typeof v === "object" && !Array.isArray(v) ? v : {}) as Record<string, Value>;
}

/**
 * Catches errors CloudFormation reports before it starts (FindInMap misses, bad Select indexes)
 * by evaluating everything with resource values (and imports) unknown.
 */
export function dryRun(stack: StackIdentity, inst: Instance, opts: ContextOptions = {}): void {
  // Resource values are all unknown here, so the outcome depends only on the shape's inputs.
  if (inst.shape.dryRunPassed) return;
  // A missing import is not an error here: the stack fails with it once the operation starts.
  const ctx = { ...evalContext(stack, inst, {}, { ...opts, unknown: new Set(inst.active) }), importValue: (n: string) => new Unknown(n) };
  for (const id of inst.active) resourceProperties(inst, id, ctx);
  for (const o of Object.values(inst.analyzed.template.Outputs ?? {})) {
    if (o.Condition === undefined || inst.conditions[o.Condition]) evaluate(o.Value, ctx);
  }
  if (!inst.analyzed.body.includes("ImportValue")) inst.shape.dryRunPassed = true;
}

function display(v: Value): string {
  if (Array.isArray(v)) return v.map(display).join(",");
  if (v && typeof v === "object") return JSON.stringify(v);
  return String(v);
}

export function resolveOutputs(
  stack: StackIdentity,
  inst: Instance,
  resources: Record<string, ResourceRecord>,
  opts: ContextOptions = {},
): OutputValue[] {
  const ctx = evalContext(stack, inst, resources, opts);
  const out: OutputValue[] = [];
  for (const [key, o] of Object.entries(inst.analyzed.template.Outputs ?? {})) {
    if (o.Condition !== undefined && !inst.conditions[o.Condition]) continue;
    const value = evaluate(o.Value, ctx);
    const exportName = o.Export ? evaluate(o.Export.Name, ctx) : undefined;
    out.push({
      OutputKey: key,
      OutputValue: display(value),
      Description: o.Description,
      ExportName: exportName === undefined ? undefined : display(exportName),
    });
  }
  return out;
}
