// Dependencies between resources (Ref, Fn::GetAtt, Fn::Sub, DependsOn), cycle detection, and
// dependency order.
import { TemplateError } from "../errors";
import { collectReferences } from "./intrinsics";
import type { Template } from "./parse";

export const dependsOnList = (d: string | string[] | undefined): string[] => (d === undefined ? [] : Array.isArray(d) ? d : [d]);

/** For each resource in `ids`, the resources (also in `ids`) it must wait for. */
export function resourceDependencies(t: Template, ids: string[], conditions?: Record<string, boolean>): Record<string, string[]> {
  const idSet = new Set(ids);
  const out: Record<string, string[]> = {};
  for (const id of ids) {
    const decl = t.Resources[id];
    const refs = collectReferences(decl.Properties as never, conditions);
    const deps = new Set<string>(dependsOnList(decl.DependsOn));
    for (const r of refs.refs) deps.add(r);
    for (const [r] of refs.getAtts) deps.add(r);
    // Metadata and UpdatePolicy may reference resources too; CloudFormation orders on them.
    const extra = collectReferences({ m: decl.Metadata ?? null, u: decl.UpdatePolicy ?? null, c: decl.CreationPolicy ?? null }, conditions);
    for (const r of extra.refs) deps.add(r);
    for (const [r] of extra.getAtts) deps.add(r);
    out[id] = [...deps].filter((d) => idSet.has(d) && d !== id);
  }
  return out;
}

/** Throws CloudFormation's "Circular dependency" error naming every resource on a cycle. */
export function assertAcyclic(deps: Record<string, string[]>): void {
  // Tarjan's strongly connected components; any component larger than one node is a cycle.
  let index = 0;
  const idx = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const cyclic: string[] = [];
  const visit = (v: string) => {
    idx.set(v, index);
    low.set(v, index++);
    stack.push(v);
    onStack.add(v);
    for (const w of deps[v] ?? []) {
      if (!idx.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, idx.get(w)!));
    }
    if (low.get(v) === idx.get(v)) {
      const comp: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        onStack.delete(w);
        comp.push(w);
      } while (w !== v);
      if (comp.length > 1 || (deps[v] ?? []).includes(v)) cyclic.push(...comp);
    }
  };
  for (const v of Object.keys(deps)) if (!idx.has(v)) visit(v);
  if (cyclic.length) throw new TemplateError(`Circular dependency between resources: [${cyclic.sort().join(", ")}]`);
}

/** Dependencies first; ties keep template order. */
export function topologicalOrder(deps: Record<string, string[]>): string[] {
  const out: string[] = [];
  const seen = new Set<string>();
  const visit = (v: string) => {
    if (seen.has(v)) return;
    seen.add(v);
    for (const d of deps[v] ?? []) visit(d);
    out.push(v);
  };
  for (const v of Object.keys(deps)) visit(v);
  return out;
}

/** Inverts a dependency map: for each resource, the resources that depend on it. */
export function dependents(deps: Record<string, string[]>): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const k of Object.keys(deps)) out[k] ??= [];
  for (const [k, ds] of Object.entries(deps)) for (const d of ds) (out[d] ??= []).push(k);
  return out;
}
