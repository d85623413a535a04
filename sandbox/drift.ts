// Drift: injected out-of-band changes (control API, kind "drift") and detection comparing each
// resource's template properties with its "actual" ones.
import { randomUUID } from "node:crypto";
import type { Engine } from "./engine/engine";
import { applyOverrides, propertyDifferences } from "./engine/diff";
import type { DriftDetection, Fault, ResourceRecord, StackRecord } from "./engine/model";
import { validationError } from "./errors";
import type { Store } from "./store";
import { own } from "./own";

const isLive = (r: ResourceRecord) => !!r.physicalId && !r.status.startsWith("DELETE_");

/** Checks one resource now and records the result on it. */
export function checkResource(r: ResourceRecord, when: string): ResourceRecord["drift"] {
  if (r.deletedOutOfBand) {
    r.drift = { status: "DELETED", lastCheck: when };
    r.driftDetail = { expected: JSON.stringify(r.properties), actual: "", differences: [] };
    return r.drift;
  }
  const actual = applyOverrides(r.properties, r.actual ?? {});
  const differences = propertyDifferences(r.properties, actual);
  r.drift = { status: differences.length ? "MODIFIED" : "IN_SYNC", lastCheck: when };
  r.driftDetail = { expected: JSON.stringify(r.properties), actual: JSON.stringify(actual), differences };
  return r.drift;
}

export class DriftWorker {
  private timers = new Map<string, NodeJS.Timeout>();

  constructor(
    private readonly store: Store,
    private readonly engine: Engine,
  ) {}

  /** Applies a drift fault to a live resource: change or remove a property, or delete the resource. */
  inject(f: Fault, findStack: (name: string) => StackRecord | undefined): void {
    if (!f.stackName || !f.logicalId) throw validationError("a drift fault needs stackName and logicalId");
    const stack = findStack(f.stackName);
    const r = stack && own(stack.resources, f.logicalId);
    if (!stack || !r || !isLive(r)) throw validationError(`no live resource ${f.logicalId} in stack ${f.stackName}`);
    if (f.deleted) r.deletedOutOfBand = true;
    else {
      if (!f.property) throw validationError('a drift fault needs property (e.g. "InstanceType" or "/Tags/0/Value"), or deleted: true');
      const pointer = f.property.startsWith("/") ? f.property : `/${f.property.replace(/\./g, "/")}`;
      r.actual = { ...(r.actual ?? {}), [pointer]: f.remove ? { __removed: true } : (f.value ?? null) };
    }
    this.store.touch(stack.stackId);
  }

  start(stack: StackRecord, logicalIds: string[]): DriftDetection {
    const d: DriftDetection = {
      id: randomUUID(),
      stackId: stack.stackId,
      status: "DETECTION_IN_PROGRESS",
      timestamp: new Date().toISOString(),
      logicalIds: logicalIds.length ? logicalIds : undefined,
      dueAt: Date.now() + this.engine.ms(10),
    };
    this.store.state.drifts[d.id] = d;
    this.schedule(d);
    this.store.touch();
    return d;
  }

  private schedule(d: DriftDetection): void {
    this.timers.set(
      d.id,
      setTimeout(() => this.complete(d.id), Math.max(0, (d.dueAt ?? 0) - Date.now())),
    );
  }

  private complete(id: string): void {
    this.timers.delete(id);
    const d = this.store.state.drifts[id];
    const stack = d && this.store.stacks[d.stackId];
    if (!d || d.status !== "DETECTION_IN_PROGRESS") return;
    if (!stack) {
      Object.assign(d, { status: "DETECTION_FAILED", reason: "Stack no longer exists", dueAt: undefined });
      return;
    }
    const when = new Date().toISOString();
    let drifted = 0;
    for (const r of Object.values(stack.resources)) {
      if (!isLive(r) || (d.logicalIds && !d.logicalIds.includes(r.logicalId))) continue;
      if (checkResource(r, when)?.status !== "IN_SYNC") drifted++;
    }
    stack.drift = { status: drifted ? "DRIFTED" : "IN_SYNC", lastCheck: when };
    Object.assign(d, {
      status: "DETECTION_COMPLETE",
      stackDriftStatus: stack.drift.status,
      driftedCount: drifted,
      timestamp: when,
      dueAt: undefined,
    });
    this.store.touch(stack.stackId);
  }

  resume(): void {
    for (const d of Object.values(this.store.state.drifts)) if (d.status === "DETECTION_IN_PROGRESS") this.schedule(d);
  }

  stopAll(): void {
    for (const t of this.timers.values()) clearTimeout(t);
    this.timers.clear();
  }
}
