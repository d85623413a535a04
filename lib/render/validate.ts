// Structural checks of a template against the official resource spec, before anything is sent to
// CloudFormation: types and property names exist, required properties are present, every Ref,
// GetAtt and Sub points at something real, and resources do not depend on each other in a cycle.
import { isJsonObject, type Json, type JsonObject } from "../catalog";
import { getResourceSpec, type ResourceSpec } from "../aws-spec";

export interface TemplateProblem {
  /** Dotted path into the template, e.g. "Resources.Database.Properties.Engine". */
  path: string;
  message: string;
}

const PSEUDO_PARAMETERS = new Set([
  "AWS::AccountId",
  "AWS::NotificationARNs",
  "AWS::NoValue",
  "AWS::Partition",
  "AWS::Region",
  "AWS::StackId",
  "AWS::StackName",
  "AWS::URLSuffix",
]);

const isCustom = (type: string) => type.startsWith("Custom::") || type === "AWS::CloudFormation::CustomResource";

interface Scope {
  problems: TemplateProblem[];
  parameters: Set<string>;
  conditions: Set<string>;
  mappings: JsonObject;
  resources: Record<string, { type: string; spec?: ResourceSpec }>;
}

class Walker {
  readonly edges = new Set<string>();
  constructor(
    private readonly s: Scope,
    /** False where CloudFormation allows only parameters (Conditions, Rules). */
    private readonly allowResources: boolean,
  ) {}

  private problem(path: string, message: string) {
    this.s.problems.push({ path, message });
  }

  private ref(name: string, path: string) {
    if (this.s.parameters.has(name) || PSEUDO_PARAMETERS.has(name)) return;
    if (this.allowResources && name in this.s.resources) this.edges.add(name);
    else
      this.problem(path, `Ref to ${name}, which is not a ${this.allowResources ? "parameter, resource or pseudo parameter" : "parameter"}`);
  }

  private getAtt(resource: string, attribute: Json, path: string) {
    const target = this.allowResources ? this.s.resources[resource] : undefined;
    if (!target) return this.problem(path, `GetAtt of ${resource}, which is not a resource`);
    this.edges.add(resource);
    if (typeof attribute !== "string") return this.walk(attribute, path);
    const { type, spec } = target;
    if (!spec || isCustom(type) || (type === "AWS::CloudFormation::Stack" && attribute.startsWith("Outputs."))) return;
    if (!spec.attributes.includes(attribute)) this.problem(path, `${type} has no attribute ${attribute}`);
  }

  private sub(text: string, vars: Set<string>, path: string) {
    for (const [, raw] of text.matchAll(/\$\{([^}]*)\}/g)) {
      if (raw.startsWith("!")) continue; // ${!Literal} is an escaped literal
      const name = raw.trim();
      if (vars.has(name)) continue;
      const dot = name.indexOf(".");
      if (dot > 0 && !PSEUDO_PARAMETERS.has(name)) this.getAtt(name.slice(0, dot), name.slice(dot + 1), path);
      else this.ref(name, path);
    }
  }

  walk(value: Json, path: string, conditionContext = false): void {
    if (Array.isArray(value)) return value.forEach((v, i) => this.walk(v, `${path}[${i}]`, conditionContext));
    if (!isJsonObject(value)) return;
    const keys = Object.keys(value);
    if (keys.length === 1) {
      const [fn] = keys;
      const arg = value[fn];
      const at = `${path}.${fn}`;
      if (fn === "Ref" && typeof arg === "string") return this.ref(arg, at);
      if (fn === "Condition" && conditionContext && typeof arg === "string") {
        if (!this.s.conditions.has(arg)) this.problem(at, `unknown condition ${arg}`);
        return;
      }
      if (fn === "Fn::GetAtt") {
        if (typeof arg === "string") {
          const dot = arg.indexOf(".");
          return dot > 0 ? this.getAtt(arg.slice(0, dot), arg.slice(dot + 1), at) : this.problem(at, "GetAtt needs Resource.Attribute");
        }
        if (Array.isArray(arg) && arg.length === 2 && typeof arg[0] === "string") return this.getAtt(arg[0], arg[1], at);
        return this.problem(at, "GetAtt needs [Resource, Attribute]");
      }
      if (fn === "Fn::Sub") {
        const [text, vars] = Array.isArray(arg) ? arg : [arg, {}];
        if (typeof text !== "string") return this.problem(at, "Sub needs a string");
        const names = new Set(isJsonObject(vars) ? Object.keys(vars) : []);
        if (isJsonObject(vars)) this.walk(vars, at);
        return this.sub(text, names, at);
      }
      if (fn === "Fn::If") {
        if (!Array.isArray(arg) || arg.length !== 3 || typeof arg[0] !== "string")
          return this.problem(at, "If needs [Condition, IfTrue, IfFalse]");
        if (!this.s.conditions.has(arg[0])) this.problem(at, `unknown condition ${arg[0]}`);
        return this.walk(arg.slice(1), at);
      }
      if (fn === "Fn::FindInMap" && Array.isArray(arg)) {
        const [map, top, second] = arg;
        if (typeof map === "string" && !isJsonObject(this.s.mappings[map])) this.problem(at, `unknown mapping ${map}`);
        else if (typeof map === "string" && typeof top === "string") {
          const level = (this.s.mappings[map] as JsonObject)[top];
          if (!isJsonObject(level)) this.problem(at, `mapping ${map} has no key ${top}`);
          else if (typeof second === "string" && !(second in level)) this.problem(at, `mapping ${map}.${top} has no key ${second}`);
        }
        return this.walk(arg, at);
      }
      if (fn.startsWith("Fn::")) return this.walk(arg, at, conditionContext || ["Fn::And", "Fn::Or", "Fn::Not", "Fn::Equals"].includes(fn));
    }
    for (const k of keys) this.walk(value[k], `${path}.${k}`, conditionContext);
  }
}

function findCycles(graph: Map<string, Set<string>>): string[][] {
  const state = new Map<string, "active" | "done">();
  const cycles: string[][] = [];
  const stack: string[] = [];
  const visit = (node: string) => {
    state.set(node, "active");
    stack.push(node);
    for (const next of graph.get(node) ?? []) {
      const s = state.get(next);
      if (s === "active") cycles.push([...stack.slice(stack.indexOf(next)), next]);
      else if (s === undefined && graph.has(next)) visit(next);
    }
    stack.pop();
    state.set(node, "done");
  };
  for (const node of [...graph.keys()].sort()) if (!state.has(node)) visit(node);
  return cycles;
}

export function validateTemplate(template: JsonObject): TemplateProblem[] {
  const problems: TemplateProblem[] = [];
  const section = (name: string) => (isJsonObject(template[name]) ? (template[name] as JsonObject) : {});
  const resourcesRaw = section("Resources");
  if (Object.keys(resourcesRaw).length === 0) return [{ path: "Resources", message: "a template needs at least one resource" }];

  const scope: Scope = {
    problems,
    parameters: new Set(Object.keys(section("Parameters"))),
    conditions: new Set(Object.keys(section("Conditions"))),
    mappings: section("Mappings"),
    resources: {},
  };
  for (const [id, r] of Object.entries(resourcesRaw)) {
    const type = isJsonObject(r) && typeof r.Type === "string" ? r.Type : "";
    scope.resources[id] = { type, spec: type ? getResourceSpec(type) : undefined };
  }

  const graph = new Map<string, Set<string>>();
  for (const [id, r] of Object.entries(resourcesRaw)) {
    const at = `Resources.${id}`;
    if (!isJsonObject(r)) {
      problems.push({ path: at, message: "must be an object" });
      continue;
    }
    const { type, spec } = scope.resources[id];
    if (!type) problems.push({ path: `${at}.Type`, message: "is required" });
    else if (!spec && !isCustom(type)) problems.push({ path: `${at}.Type`, message: `unknown resource type ${type}` });
    const props = isJsonObject(r.Properties) ? r.Properties : {};
    if (spec && !isCustom(type)) {
      for (const name of Object.keys(props)) {
        if (!spec.properties[name]) problems.push({ path: `${at}.Properties.${name}`, message: `${type} has no property ${name}` });
      }
      for (const [name, p] of Object.entries(spec.properties)) {
        if (p.required && !(name in props))
          problems.push({ path: `${at}.Properties`, message: `missing required property ${name} of ${type}` });
      }
    }
    if (typeof r.Condition === "string" && !scope.conditions.has(r.Condition))
      problems.push({ path: `${at}.Condition`, message: `unknown condition ${r.Condition}` });
    const walker = new Walker(scope, true);
    const dependsOn = typeof r.DependsOn === "string" ? [r.DependsOn] : Array.isArray(r.DependsOn) ? r.DependsOn : [];
    for (const dep of dependsOn) {
      if (typeof dep !== "string" || !(dep in resourcesRaw))
        problems.push({ path: `${at}.DependsOn`, message: `depends on ${String(dep)}, which is not a resource` });
      else walker.edges.add(dep);
    }
    for (const key of ["Properties", "Metadata", "UpdatePolicy", "CreationPolicy"]) if (key in r) walker.walk(r[key], `${at}.${key}`);
    graph.set(id, walker.edges);
  }

  for (const [name, expr] of Object.entries(section("Conditions"))) new Walker(scope, false).walk(expr, `Conditions.${name}`, true);
  for (const [name, rule] of Object.entries(section("Rules"))) new Walker(scope, false).walk(rule, `Rules.${name}`, true);
  for (const [name, output] of Object.entries(section("Outputs"))) {
    if (isJsonObject(output) && typeof output.Condition === "string" && !scope.conditions.has(output.Condition)) {
      problems.push({ path: `Outputs.${name}.Condition`, message: `unknown condition ${output.Condition}` });
    }
    if (isJsonObject(output))
      for (const key of ["Value", "Export"]) if (key in output) new Walker(scope, true).walk(output[key], `Outputs.${name}.${key}`);
  }

  for (const cycle of findCycles(graph))
    problems.push({ path: `Resources.${cycle[0]}`, message: `dependency cycle: ${cycle.join(" → ")}` });
  return problems;
}
