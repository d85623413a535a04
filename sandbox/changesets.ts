// Change set computation: per resource Add / Modify / Remove, and for Modify the property-level
// Details with RequiresRecreation from the resource specification, rolled up to Replacement
// True / Conditional / False. Resources that do not change are not listed.
import { getResourceSpec } from "../lib/aws-spec";
import type { Engine } from "./engine/engine";
import { changedProperties } from "./engine/diff";
import { evalContext, hasUnknown, resourceProperties, type Instance } from "./engine/instance";
import type { ChangeSetRecord, StackRecord } from "./engine/model";
import { TemplateError } from "./errors";
import { updatedAttributesFor } from "./resources";
import { collectReferences, Unknown, type Value } from "./template/intrinsics";
import type { Json } from "./template/parse";
import type { Store } from "./store";
import { own } from "./own";

const NO_CHANGES = "The submitted information didn't contain changes. Submit different information to create a change set.";

function firstUnknown(v: Value): Unknown | undefined {
  if (v instanceof Unknown) return v;
  if (Array.isArray(v))
    for (const x of v) {
      const u = firstUnknown(x);
      if (u) return u;
    }
  else if (v && typeof v === "object")
    for (const x of Object.values(v)) {
      const u = firstUnknown(x as Value);
      if (u) return u;
    }
  return undefined;
}

const policyAction = (replacement: string, policy: string | undefined) =>
  replacement === "False" ? undefined : `ReplaceAnd${policy === "Retain" ? "Retain" : policy === "Snapshot" ? "Snapshot" : "Delete"}`;

/** The Changes list of a change set that would move `stack` from its current state to `next`. */
export function computeChanges(
  stack: StackRecord,
  current: Instance | undefined,
  next: Instance,
  imports: (name: string) => string | undefined = () => undefined,
): Json[] {
  const t = next.analyzed.template;
  const changes: Json[] = [];
  const replaced = new Set<string>();
  const modified = new Set<string>();
  const changedParams = new Set(
    next.parameters.filter((p) => stack.parameters.find((q) => q.key === p.key)?.value !== p.value).map((p) => p.key),
  );
  const live = (id: string) => {
    const r = own(stack.resources, id);
    return !!r && r.status !== "DELETE_COMPLETE";
  };
  for (const id of next.order) {
    const type = t.Resources[id].Type;
    if (!live(id) || !current) {
      changes.push({
        Type: "Resource",
        ResourceChange: { Action: "Add", LogicalResourceId: id, ResourceType: type, Scope: [], Details: [] },
      });
      replaced.add(id);
      continue;
    }
    const r = stack.resources[id];
    if (r.type !== type)
      throw new TemplateError(
        `Update of resource type is not permitted. The new template modifies resource type of the following resources: [${id}]`,
      );
    // A missing import is the stack's failure once executed, not the change set's.
    const base = {
      ...evalContext(stack, next, stack.resources, { unknown: replaced }),
      importValue: (n: string) => imports(n) ?? new Unknown(n),
    };
    // Attributes that an in-place update changes (e.g. a launch template's LatestVersionNumber) are not known either.
    const ctx = {
      ...base,
      getAtt: (res: string, attr: string) => {
        const rr = stack.resources[res];
        if (
          modified.has(res) &&
          rr &&
          attr in
            updatedAttributesFor(
              { stackName: "", stackId: "", region: "", accountId: "", logicalId: res, type: rr.type, properties: {} },
              "",
            )
        )
          return new Unknown(`${res}.${attr}`);
        return base.getAtt(res, attr);
      },
    };
    const props = resourceProperties(next, id, ctx);
    const names = changedProperties(r.properties, props);
    if (!names.length) continue;
    const spec = getResourceSpec(type);
    const oldRaw = current.analyzed.template.Resources[id]?.Properties ?? {};
    const newRaw = t.Resources[id].Properties ?? {};
    const details: Json[] = [];
    let level = 0; // 0 False, 1 Conditional, 2 True
    const scope = new Set<string>();
    for (const name of names) {
      const isTags = name === "Tags";
      const recreation = isTags ? "Never" : (spec?.properties[name]?.replacement ?? "Never");
      const dynamic = hasUnknown(props[name] as Value);
      let source = "DirectModification";
      let causing: string | undefined;
      if (dynamic) {
        source = "ResourceReference";
        causing = firstUnknown(props[name] as Value)?.cause;
      } else if (JSON.stringify(oldRaw[name]) === JSON.stringify(newRaw[name])) {
        const param = [...collectReferences(newRaw[name] as Json).refs].find((ref) => changedParams.has(ref));
        if (param) {
          source = "ParameterReference";
          causing = param;
        }
      }
      if (recreation === "Always") level = Math.max(level, dynamic ? 1 : 2);
      else if (recreation === "Conditional") level = Math.max(level, 1);
      scope.add(isTags ? "Tags" : "Properties");
      details.push({
        Target: { Attribute: isTags ? "Tags" : "Properties", Name: isTags ? undefined : name, RequiresRecreation: recreation } as Json,
        Evaluation: dynamic ? "Dynamic" : "Static",
        ChangeSource: source,
        CausingEntity: causing ?? null,
      });
    }
    const replacement = ["False", "Conditional", "True"][level];
    if (level > 0) replaced.add(id);
    modified.add(id);
    changes.push({
      Type: "Resource",
      ResourceChange: {
        Action: "Modify",
        LogicalResourceId: id,
        PhysicalResourceId: r.physicalId ?? null,
        ResourceType: type,
        Replacement: replacement,
        PolicyAction: policyAction(replacement, r.updateReplacePolicy) ?? null,
        Scope: [...scope],
        Details: details,
      },
    });
  }
  const active = new Set(next.active);
  for (const r of Object.values(stack.resources)) {
    if (active.has(r.logicalId) || !live(r.logicalId)) continue;
    changes.push({
      Type: "Resource",
      ResourceChange: {
        Action: "Remove",
        LogicalResourceId: r.logicalId,
        PhysicalResourceId: r.physicalId ?? null,
        ResourceType: r.type,
        PolicyAction: r.deletionPolicy === "Retain" ? "Retain" : "Delete",
        Scope: [],
        Details: [],
      },
    });
  }
  return changes;
}

/** Moves change sets from CREATE_PENDING to CREATE_COMPLETE (or FAILED) after a short simulated delay. */
export class ChangeSetWorker {
  private timers = new Map<string, NodeJS.Timeout>();

  constructor(
    private readonly store: Store,
    private readonly engine: Engine,
  ) {}

  schedule(cs: ChangeSetRecord): void {
    cs.dueAt ??= Date.now() + this.engine.ms(5);
    clearTimeout(this.timers.get(cs.id));
    this.timers.set(
      cs.id,
      setTimeout(() => this.complete(cs.id), Math.max(0, cs.dueAt - Date.now())),
    );
  }

  private complete(id: string): void {
    this.timers.delete(id);
    const cs = this.store.state.changeSets[id];
    const stack = cs && this.store.stacks[cs.stackId];
    if (!cs || !stack || (cs.status !== "CREATE_PENDING" && cs.status !== "CREATE_IN_PROGRESS")) return;
    try {
      const next = this.engine.instanceOf(stack, cs.target);
      const current = stack.templateHash ? this.engine.instance(stack) : undefined;
      cs.changes = computeChanges(stack, current, next, this.engine.exportsFor(stack));
      if (cs.changes.length) {
        cs.status = "CREATE_COMPLETE";
        cs.executionStatus = "AVAILABLE";
      } else {
        cs.status = "FAILED";
        cs.statusReason = NO_CHANGES;
      }
    } catch (e) {
      cs.status = "FAILED";
      cs.statusReason = (e as Error).message;
    }
    cs.dueAt = undefined;
    this.store.touch();
  }

  resume(): void {
    for (const cs of Object.values(this.store.state.changeSets)) {
      if (cs.status === "CREATE_PENDING" || cs.status === "CREATE_IN_PROGRESS") this.schedule(cs);
    }
  }

  stopAll(): void {
    for (const t of this.timers.values()) clearTimeout(t);
    this.timers.clear();
  }
}
