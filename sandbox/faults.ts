// Fault injection, from the control API (POST /_sandbox/faults) and from stack tags:
//   sandbox:fail=Logical[:reason][;Other[:reason]]   fail on create and update
//   sandbox:fail-create= / fail-update= / fail-delete= / fail-rollback=   one operation only
//   sandbox:slow=AWS::Type::Name:factor or LogicalId:factor   multiply durations
//     (from the control API, a slow fault may name an operation: create, update or delete)
// A latency fault ({ kind: "latency", ms, actions?, stackName?, count? }) holds API answers back by ms.
import { randomUUID } from "node:crypto";
import { ApiError, internalFailure, throttling, validationError } from "./errors";
import type { Fault, StackRecord, Tag } from "./engine/model";
import type { Store } from "./store";
import { own } from "./own";

export type FaultOperation = "create" | "update" | "delete" | "rollback";

const DEFAULT_REASON = 'Resource handler returned message: "Injected failure" (sandbox fault injection)';

const TAG_OPS: Record<string, FaultOperation[]> = {
  "sandbox:fail": ["create", "update"],
  "sandbox:fail-create": ["create"],
  "sandbox:fail-update": ["update"],
  "sandbox:fail-delete": ["delete"],
  "sandbox:fail-rollback": ["rollback"],
};

function entries(value: string): [string, string | undefined][] {
  return value
    .split(";")
    .map((s) => s.trim())
    .filter(Boolean)
    .map((s) => {
      const colon = s.indexOf(":");
      // "AWS::RDS::DBInstance:4" — the type contains colons, the factor follows the last one.
      if (s.startsWith("AWS::") || s.startsWith("Custom::")) {
        const last = s.lastIndexOf(":");
        return [s.slice(0, last), s.slice(last + 1)];
      }
      return colon < 0 ? [s, undefined] : [s.slice(0, colon), s.slice(colon + 1)];
    });
}

/** Old and new stack tags of an update as one set: entries merge per key and target, the newer value winning. */
export function mergeFaultTags(older: Tag[], newer: Tag[]): Tag[] {
  const byKey = new Map<string, Map<string, string | undefined>>();
  for (const tag of [...older, ...newer]) {
    if (!tag.Key.startsWith("sandbox:")) continue;
    let targets = byKey.get(tag.Key);
    if (!targets) byKey.set(tag.Key, (targets = new Map()));
    for (const [target, value] of entries(tag.Value)) targets.set(target, value);
  }
  return [...byKey.entries()].map(([Key, targets]) => ({
    Key,
    Value: [...targets.entries()].map(([t, v]) => (v === undefined ? t : `${t}:${v}`)).join(";"),
  }));
}

const KINDS = ["fail", "slow", "throttle", "error", "drift", "latency"];
const MAX_LATENCY_MS = 120_000;

export class Faults {
  constructor(private readonly store: Store) {}

  list(): Fault[] {
    return this.store.state.faults;
  }

  /** Validates and records faults other than drift (which the caller applies to a resource at once). */
  add(input: Partial<Fault>): Fault {
    if (!input.kind || !KINDS.includes(input.kind)) throw validationError(`fault kind must be one of ${KINDS.join(", ")}`);
    if (input.kind === "fail" && !input.logicalId) throw validationError("a fail fault needs logicalId");
    if (input.kind === "slow" && !(input.resourceType || input.logicalId))
      throw validationError("a slow fault needs resourceType or logicalId");
    if ((input.kind === "throttle" || input.kind === "error") && input.rate === undefined && input.count === undefined) {
      throw validationError(`a ${input.kind} fault needs rate (0..1) or count`);
    }
    if (
      input.kind === "latency" &&
      !(typeof input.ms === "number" && Number.isFinite(input.ms) && input.ms > 0 && input.ms <= MAX_LATENCY_MS)
    ) {
      throw validationError(`a latency fault needs ms between 1 and ${MAX_LATENCY_MS}`);
    }
    const fault = { ...input, id: input.id ?? randomUUID() } as Fault;
    if (fault.kind !== "drift") {
      this.store.state.faults.push(fault);
      this.store.touch();
    }
    return fault;
  }

  remove(id: string): boolean {
    const before = this.store.state.faults.length;
    this.store.state.faults = this.store.state.faults.filter((f) => f.id !== id);
    this.store.touch();
    return before !== this.store.state.faults.length;
  }

  clear(): void {
    this.store.state.faults = [];
    this.store.touch();
  }

  private consume(f: Fault): void {
    if (f.count === undefined) return;
    f.count -= 1;
    if (f.count <= 0) this.remove(f.id);
    else this.store.touch();
  }

  /** A Throttling or InternalFailure answer for this call, if a fault says so. */
  forRequest(action: string): ApiError | undefined {
    for (const f of this.store.state.faults) {
      if (f.kind !== "throttle" && f.kind !== "error") continue;
      if (f.actions?.length && !f.actions.includes(action)) continue;
      const hit = f.count !== undefined ? f.count > 0 : Math.random() < (f.rate ?? 0);
      if (!hit) continue;
      this.consume(f);
      if (f.kind === "error" && f.code) return new ApiError(f.code, f.reason ?? "Injected by the sandbox", f.status ?? 400);
      return f.kind === "throttle" ? throttling() : internalFailure();
    }
    return undefined;
  }

  /** How long to hold back the answer to this call (ms; 0 for no latency fault); a fault with a stackName only delays calls naming that stack. */
  latencyFor(action: string, stackName?: string): number {
    for (const f of this.store.state.faults) {
      if (f.kind !== "latency") continue;
      if (f.actions?.length && !f.actions.includes(action)) continue;
      if (f.stackName && stackName !== f.stackName && !stackName?.includes(`:stack/${f.stackName}/`)) continue;
      if (f.count !== undefined && f.count <= 0) continue;
      if (f.rate !== undefined && Math.random() >= f.rate) continue;
      this.consume(f);
      return f.ms ?? 0;
    }
    return 0;
  }

  /** The failure reason for this resource operation, if one was injected. */
  failure(stack: StackRecord, tags: Tag[], logicalId: string, operation: FaultOperation): string | undefined {
    for (const f of this.store.state.faults) {
      if (f.kind !== "fail" || f.logicalId !== logicalId) continue;
      if (f.stackName && f.stackName !== stack.stackName && f.stackName !== stack.stackId) continue;
      const ops: string[] = !f.operation ? ["create", "update"] : f.operation === "any" ? ["create", "update", "delete"] : [f.operation];
      if (!ops.includes(operation)) continue;
      this.consume(f);
      return f.reason ?? DEFAULT_REASON;
    }
    for (const tag of tags) {
      const ops = own(TAG_OPS, tag.Key);
      if (!ops?.includes(operation)) continue;
      for (const [id, reason] of entries(tag.Value)) if (id === logicalId) return reason || DEFAULT_REASON;
    }
    return undefined;
  }

  /** Multiplier for a resource's simulated duration. */
  /** How much longer this resource operation takes: every slow fault (of `action`, when the fault names one) multiplies it. */
  slowFactor(stack: StackRecord, tags: Tag[], logicalId: string, type: string, action?: "create" | "update" | "delete"): number {
    let factor = 1;
    for (const f of this.store.state.faults) {
      if (f.kind !== "slow") continue;
      if (f.stackName && f.stackName !== stack.stackName) continue;
      if (f.operation && f.operation !== "any" && action && f.operation !== action) continue;
      if ((f.resourceType && f.resourceType === type) || (f.logicalId && f.logicalId === logicalId)) factor *= f.factor ?? 10;
    }
    for (const tag of tags) {
      if (tag.Key !== "sandbox:slow") continue;
      for (const [target, f] of entries(tag.Value)) if (target === type || target === logicalId) factor *= Number(f) || 10;
    }
    return factor;
  }
}
