// The steps of each phase and their ordering: creates and updates wait for their dependencies,
// deletes wait for the resources that depend on them.
import { dependents } from "../template/graph";
import type { Instance } from "./instance";
import type { Operation, ResourceRecord, StackRecord, Step } from "./model";
import { has, own } from "../own";

/** Dependencies among `subset` only, bridging through resources outside it. */
export function restrictDeps(deps: Record<string, string[]>, subset: Iterable<string>): Record<string, string[]> {
  const keep = new Set(subset);
  const memo = new Map<string, Set<string>>();
  const reach = (n: string, seen: Set<string>): Set<string> => {
    const hit = memo.get(n);
    if (hit) return hit;
    const out = new Set<string>();
    if (seen.has(n)) return out;
    seen.add(n);
    for (const d of deps[n] ?? []) {
      if (keep.has(d)) out.add(d);
      else for (const x of reach(d, seen)) out.add(x);
    }
    memo.set(n, out);
    return out;
  };
  const result: Record<string, string[]> = {};
  for (const n of keep) result[n] = [...reach(n, new Set())].filter((d) => d !== n);
  return result;
}

const step = (logicalId: string, action: Step["action"], deps: string[], extra: Partial<Step> = {}): Step => ({
  logicalId,
  action,
  deps,
  state: "pending",
  ...extra,
});

const isLive = (r: ResourceRecord | undefined) => !!r && r.status !== "DELETE_COMPLETE";

export function createSteps(inst: Instance): Record<string, Step> {
  const steps: Record<string, Step> = {};
  for (const id of inst.order) steps[id] = step(id, "create", inst.deps[id]);
  return steps;
}

/** Deletes of `ids`, each after everything that depends on it (per `deps`). */
export function deleteSteps(
  ids: string[],
  deps: Record<string, string[]>,
  targets: Record<string, ResourceRecord> = {},
): Record<string, Step> {
  const after = dependents(restrictDeps(deps, ids));
  const steps: Record<string, Step> = {};
  for (const id of ids) steps[id] = step(id, "delete", after[id] ?? [], targets[id] ? { target: targets[id] } : {});
  return steps;
}

/** Deleting a stack, or rolling back a failed create: every resource that has (or may have) a physical resource. */
export function teardownSteps(stack: StackRecord, inst: Instance | undefined): Record<string, Step> {
  const ids = Object.values(stack.resources)
    .filter((r) => isLive(r) && r.status !== "DELETE_SKIPPED")
    .map((r) => r.logicalId);
  return deleteSteps(ids, inst?.deps ?? {});
}

/** The update phase: create what is new, re-evaluate everything else (unchanged resources finish silently). */
export function updateSteps(stack: StackRecord, next: Instance): Record<string, Step> {
  const steps: Record<string, Step> = {};
  for (const id of next.order) {
    const existing = own(stack.resources, id);
    steps[id] = step(id, isLive(existing) ? "update" : "create", next.deps[id]);
  }
  // Resources the update removes are deleted in cleanup; here only the stack policy is checked.
  for (const r of Object.values(stack.resources)) {
    if (!has(steps, r.logicalId) && isLive(r)) steps[r.logicalId] = step(r.logicalId, "update", [], { removal: true });
  }
  return steps;
}

/** UPDATE_COMPLETE_CLEANUP_IN_PROGRESS: removed resources and the physical resources replacements superseded. */
export function cleanupSteps(stack: StackRecord, op: Operation, previous: Instance | undefined, next: Instance): Record<string, Step> {
  const active = new Set(next.active);
  const removed = Object.values(stack.resources)
    .filter((r) => !active.has(r.logicalId) && isLive(r))
    .map((r) => r.logicalId);
  const steps = deleteSteps(removed, previous?.deps ?? {});
  for (const [id, old] of Object.entries(op.superseded)) steps[id] = step(id, "delete", [], { target: old });
  return steps;
}

/** UPDATE_ROLLBACK_IN_PROGRESS: put back every pre-existing resource the update changed. */
export function revertSteps(op: Operation, previous: Instance | undefined): Record<string, Step> {
  const ids = Object.values(op.steps)
    .filter((s) => s.action === "update" && s.touched && has(op.previous!.resources, s.logicalId))
    .map((s) => s.logicalId);
  const deps = restrictDeps(previous?.deps ?? {}, ids);
  const steps: Record<string, Step> = {};
  for (const id of ids) steps[id] = step(id, "revert", deps[id] ?? []);
  return steps;
}

/** UPDATE_ROLLBACK_COMPLETE_CLEANUP_IN_PROGRESS: delete what the failed update created. */
export function rollbackCleanupSteps(stack: StackRecord, op: Operation, next: Instance): Record<string, Step> {
  const added = op.added.filter((id) => isLive(own(stack.resources, id)));
  const steps = deleteSteps(added, next.deps);
  for (const [id, r] of Object.entries(op.abandoned)) steps[id] ??= step(id, "delete", [], { target: r });
  return steps;
}
