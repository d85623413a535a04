// Stack exports and Fn::ImportValue, as CloudFormation scopes them: export names are unique per
// account and region, a stack imports only its own account's and region's exports, an export in
// use can be neither deleted nor changed, and a missing import fails the stack (not the request).
import { evaluate, Unknown, type Value } from "../template/intrinsics";
import { evalContext, resourceProperties, stackAccount, type Instance } from "./instance";
import type { OutputValue, StackRecord } from "./model";

/** Statuses in which a stack holds neither exports nor imports. */
const GONE = new Set(["DELETE_COMPLETE", "ROLLBACK_COMPLETE", "ROLLBACK_IN_PROGRESS", "ROLLBACK_FAILED", "REVIEW_IN_PROGRESS"]);

const sameScope = (a: StackRecord, b: StackRecord) => a.region === b.region && stackAccount(a) === stackAccount(b);

export interface ExportEntry {
  name: string;
  value: string;
  stack: StackRecord;
}

export class ExportIndex {
  constructor(
    private readonly stacks: () => Iterable<StackRecord>,
    private readonly instance: (stack: StackRecord) => Instance | undefined,
  ) {}

  /** Every export of the account and region, by name. */
  list(accountId: string, region: string): ExportEntry[] {
    const out: ExportEntry[] = [];
    for (const s of this.stacks()) {
      if (GONE.has(s.status) || s.region !== region || stackAccount(s) !== accountId) continue;
      for (const o of s.outputs) if (o.ExportName !== undefined) out.push({ name: o.ExportName, value: o.OutputValue, stack: s });
    }
    return out;
  }

  /** The value `stack` gets for `Fn::ImportValue name` (only its own account's and region's exports). */
  resolver(stack: StackRecord): (name: string) => string | undefined {
    return (name) => this.list(stackAccount(stack), stack.region).find((e) => e.name === name)?.value;
  }

  /** Names of the stacks (other than `except`) whose current template imports `name`. */
  importers(name: string, scope: StackRecord, except?: StackRecord): string[] {
    const out: string[] = [];
    for (const s of this.stacks()) {
      if (s === except || GONE.has(s.status) || !sameScope(s, scope)) continue;
      const inst = this.instance(s);
      if (inst && importedNames(s, inst).includes(name)) out.push(s.stackName);
    }
    return out.sort();
  }

  /** Why `stack`'s own exports cannot go away (DeleteStack), or undefined. */
  deleteProblem(stack: StackRecord): string | undefined {
    for (const o of stack.outputs) {
      if (o.ExportName === undefined) continue;
      const users = this.importers(o.ExportName, stack, stack);
      if (users.length) return `Export ${o.ExportName} cannot be deleted as it is in use by ${users.join(", ")}`;
    }
    return undefined;
  }

  /**
   * Why an operation bringing `stack` to `inst` must fail before it touches a resource: a missing
   * import, an export name another stack has, or a change to an export that is in use.
   */
  startProblem(stack: StackRecord, inst: Instance, previousOutputs: OutputValue[] = []): string | undefined {
    const resolve = this.resolver(stack);
    for (const name of importedNames(stack, inst)) if (resolve(name) === undefined) return `No export named ${name} found.`;
    const planned = plannedExports(stack, inst);
    const others = this.list(stackAccount(stack), stack.region).filter((e) => e.stack !== stack);
    for (const p of planned) {
      const taken = typeof p.name === "string" && others.find((e) => e.name === p.name);
      if (taken) return `Export with name ${p.name} is already exported by stack ${taken.stack.stackName}`;
    }
    return this.changeProblem(stack, previousOutputs, planned);
  }

  /** An in-use export removed, or (when its new value is known) changed. */
  changeProblem(stack: StackRecord, previous: OutputValue[], next: { name: string | Unknown; value: Value }[]): string | undefined {
    for (const o of previous) {
      if (o.ExportName === undefined) continue;
      const users = this.importers(o.ExportName, stack, stack);
      if (!users.length) continue;
      const now = next.find((n) => n.name === o.ExportName);
      if (!now && next.every((n) => typeof n.name === "string"))
        return `Export ${o.ExportName} cannot be deleted as it is in use by ${users.join(", ")}`;
      if (now && typeof now.value === "string" && now.value !== o.OutputValue)
        return `Cannot update export ${o.ExportName} as it is in use by ${users.join(", ")}`;
    }
    return undefined;
  }
}

const imported = new WeakMap<Instance, string[]>();

/** The export names a bound template imports (every Fn::ImportValue argument), evaluated with resources unknown. */
export function importedNames(stack: StackRecord, inst: Instance): string[] {
  const hit = imported.get(inst);
  if (hit) return hit;
  const names = new Set<string>();
  if (inst.analyzed.body.includes("ImportValue")) {
    const base = evalContext(stack, inst, {}, { unknown: new Set(inst.active) });
    const ctx = { ...base, importValue: (n: string) => (names.add(n), new Unknown(n)) };
    try {
      for (const id of inst.active) resourceProperties(inst, id, ctx);
      for (const o of Object.values(inst.analyzed.template.Outputs ?? {})) {
        if (o.Condition === undefined || inst.conditions[o.Condition]) evaluate(o.Value, ctx);
      }
    } catch {
      // A template that does not evaluate fails elsewhere, with its own reason.
    }
  }
  const out = [...names];
  imported.set(inst, out);
  return out;
}

/** The exports `inst` would declare, from the stack's resources as they are now (Unknown where not known yet). */
export function plannedExports(stack: StackRecord, inst: Instance): { name: string | Unknown; value: Value }[] {
  const ctx = { ...evalContext(stack, inst, stack.resources), importValue: (n: string) => new Unknown(n) };
  const out: { name: string | Unknown; value: Value }[] = [];
  for (const o of Object.values(inst.analyzed.template.Outputs ?? {})) {
    if (!o.Export || (o.Condition !== undefined && !inst.conditions[o.Condition])) continue;
    try {
      const name = evaluate(o.Export.Name, ctx);
      out.push({ name: typeof name === "string" ? name : new Unknown("name"), value: evaluate(o.Value, ctx) });
    } catch {
      out.push({ name: new Unknown("name"), value: new Unknown("value") });
    }
  }
  return out;
}
