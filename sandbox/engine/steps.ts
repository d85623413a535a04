// One resource operation (create, update, delete, revert) as a small state machine: start, then
// "initiated" (physical id assigned), then complete or fail when its simulated time is up.
import { getResourceSpec } from "../../lib/aws-spec";
import type { Faults, FaultOperation } from "../faults";
import {
  attributesFor,
  durationFor,
  INITIATE_SECONDS,
  nameProperty,
  physicalIdFor,
  updatedAttributesFor,
  type ResourceContext,
} from "../resources";
import { TemplateError } from "../errors";
import type { Value } from "../template/intrinsics";
import type { Json } from "../template/parse";
import { changedProperties, sameValue } from "./diff";
import { maskedProperties, resourceEvent } from "./events";
import { evalContext, hasUnknown, resourceProperties, type Instance } from "./instance";
import { stackAccount } from "./instance";
import type { Operation, ResourceRecord, StackRecord, Step, Tag } from "./model";
import { policyDenial } from "./policy";
import { mergeFaultTags } from "../faults";
import type { Alarms } from "../cloudwatch/alarms";

export interface StepHost {
  faults: Faults;
  /** Simulated CloudWatch alarms, kept in step with the stacks' alarm resources. */
  alarms: Alarms;
  /** Simulated seconds → real milliseconds (SANDBOX_SPEED). */
  ms(seconds: number): number;
  /** Fn::ImportValue as `stack` sees it: its own account's and region's exports. */
  exportsFor(stack: StackRecord): (name: string) => string | undefined;
  instance(stack: StackRecord): Instance;
}

const CLEANUP_PHASES = new Set(["cleanup", "update-rollback-cleanup"]);
const ROLLBACK_PHASES = new Set(["rollback", "update-rollback", "update-rollback-cleanup"]);

/**
 * The fault tags that apply: during an update both the old and the new tags count, merged (a tag
 * kept across the update counts once; for the same key and target the new value wins).
 */
export function faultTags(stack: StackRecord): Tag[] {
  return mergeFaultTags(stack.op?.previous?.tags ?? [], stack.tags);
}

function resourceContext(stack: StackRecord, r: ResourceRecord, props: Record<string, Json>): ResourceContext {
  return {
    stackName: stack.stackName,
    stackId: stack.stackId,
    region: stack.region,
    accountId: stackAccount(stack),
    logicalId: r.logicalId,
    type: r.type,
    properties: props,
    previous: { physicalId: r.physicalId, attributes: r.attributes },
  };
}

function schedule(
  host: StepHost,
  stack: StackRecord,
  step: Step,
  r: ResourceRecord,
  stage: 0 | 1,
  action: "create" | "update" | "delete",
  props: Record<string, Json>,
): void {
  step.state = "running";
  step.stage = stage;
  const seconds =
    stage === 0
      ? INITIATE_SECONDS
      : durationFor(resourceContext(stack, r, props), action) *
        host.faults.slowFactor(stack, faultTags(stack), r.logicalId, r.type, action);
  step.dueAt = Date.now() + host.ms(seconds);
}

function fail(stack: StackRecord, op: Operation, step: Step, r: ResourceRecord, status: string, reason: string, physicalId?: string): void {
  resourceEvent(stack, r, status, reason, { physicalId, updateRecord: !step.target });
  if (CLEANUP_PHASES.has(op.phase)) {
    step.state = "done"; // CloudFormation reports cleanup failures but carries on
    return;
  }
  step.state = "failed";
  op.phaseFailures.push(step.logicalId);
}

function injected(host: StepHost, stack: StackRecord, op: Operation, logicalId: string, operation: FaultOperation): string | undefined {
  const kind = ROLLBACK_PHASES.has(op.phase) ? "rollback" : operation;
  return host.faults.failure(stack, faultTags(stack), logicalId, kind);
}

function evaluateProperties(host: StepHost, stack: StackRecord, id: string): Record<string, Json> {
  const inst = host.instance(stack);
  const props = resourceProperties(inst, id, evalContext(stack, inst, stack.resources, { exports: host.exportsFor(stack) }));
  if (hasUnknown(props as Value)) throw new TemplateError(`Template error: unable to resolve the properties of ${id}`);
  return props as Record<string, Json>;
}

/** Whether changing these properties replaces the resource, per the resource specification. */
export function requiresReplacement(type: string, changed: string[]): boolean {
  const spec = getResourceSpec(type);
  return changed.some((p) => spec?.properties[p]?.replacement === "Always");
}

export function startStep(host: StepHost, stack: StackRecord, op: Operation, step: Step): void {
  const id = step.logicalId;
  if (step.action === "create") {
    const decl = host.instance(stack).analyzed.template.Resources[id];
    const r: ResourceRecord = {
      logicalId: id,
      type: decl.Type,
      status: "CREATE_IN_PROGRESS",
      timestamp: new Date().toISOString(),
      properties: {},
      attributes: {},
      deletionPolicy: decl.DeletionPolicy,
      updateReplacePolicy: decl.UpdateReplacePolicy,
    };
    stack.resources[id] = r;
    if (op.kind === "UPDATE" && !op.added.includes(id)) op.added.push(id);
    try {
      r.properties = evaluateProperties(host, stack, id);
    } catch (e) {
      return fail(stack, op, step, r, "CREATE_FAILED", (e as Error).message);
    }
    resourceEvent(stack, r, "CREATE_IN_PROGRESS", undefined, { properties: maskedProperties(stack, r.properties) });
    return schedule(host, stack, step, r, 0, "create", r.properties);
  }
  if (step.action === "update") {
    const decl = host.instance(stack).analyzed.template.Resources[id];
    return startUpdate(host, stack, op, step, decl?.DeletionPolicy, decl?.UpdateReplacePolicy);
  }
  if (step.action === "delete") return startDelete(host, stack, op, step);
  return startRevert(host, stack, op, step);
}

function startUpdate(
  host: StepHost,
  stack: StackRecord,
  op: Operation,
  step: Step,
  deletionPolicy?: string,
  updateReplacePolicy?: string,
): void {
  const id = step.logicalId;
  const r = stack.resources[id];
  const policy = op.policyOverride ?? stack.stackPolicy;
  if (step.removal) {
    const denied = policyDenial(policy, "Update:Delete", id, r.type);
    if (denied) return fail(stack, op, step, r, "UPDATE_FAILED", denied);
    step.state = "done";
    return;
  }
  let props: Record<string, Json>;
  try {
    props = evaluateProperties(host, stack, id);
  } catch (e) {
    return fail(stack, op, step, r, "UPDATE_FAILED", (e as Error).message);
  }
  r.deletionPolicy = deletionPolicy;
  r.updateReplacePolicy = updateReplacePolicy;
  const changed = changedProperties(r.properties, props);
  if (!changed.length) {
    step.state = "done"; // nothing to do for this resource: no events, as on AWS
    return;
  }
  const replace = requiresReplacement(r.type, changed);
  const denied = policyDenial(policy, replace ? "Update:Replace" : "Update:Modify", id, r.type);
  if (denied) return fail(stack, op, step, r, "UPDATE_FAILED", denied);
  const nameProp = nameProperty(r.type);
  if (replace && nameProp && props[nameProp] !== undefined && sameValue(props[nameProp], r.properties[nameProp])) {
    return fail(
      stack,
      op,
      step,
      r,
      "UPDATE_FAILED",
      `CloudFormation cannot update a stack when a custom-named resource requires replacing. Rename ${String(props[nameProp])} and update the stack again.`,
    );
  }
  step.touched = true; // from here on a rollback has something to revert
  step.replace = replace;
  step.newProperties = props;
  if (replace) {
    resourceEvent(
      stack,
      r,
      "UPDATE_IN_PROGRESS",
      "Requested update requires the creation of a new physical resource; hence creating one.",
      { properties: maskedProperties(stack, props) },
    );
    return schedule(host, stack, step, r, 0, "create", props);
  }
  resourceEvent(stack, r, "UPDATE_IN_PROGRESS", undefined, { properties: maskedProperties(stack, props) });
  schedule(host, stack, step, r, 1, "update", props);
}

function startDelete(host: StepHost, stack: StackRecord, op: Operation, step: Step): void {
  const r = step.target ?? stack.resources[step.logicalId];
  const retain = step.target
    ? step.target.updateReplacePolicy === "Retain"
    : r.deletionPolicy === "Retain" || op.retain?.includes(step.logicalId) || r.status === "DELETE_SKIPPED";
  // RetainExceptOnCreate: resources a failed operation just created are deleted even if marked Retain.
  const retainApplies = retain && !(stack.retainExceptOnCreate && (op.phase === "rollback" || op.phase === "update-rollback-cleanup"));
  if (retainApplies || !r.physicalId) {
    resourceEvent(stack, r, retainApplies ? "DELETE_SKIPPED" : "DELETE_COMPLETE", undefined, {
      physicalId: r.physicalId,
      updateRecord: !step.target,
    });
    deleted(stack, op, step);
    return;
  }
  resourceEvent(stack, r, "DELETE_IN_PROGRESS", undefined, { physicalId: r.physicalId, updateRecord: !step.target });
  schedule(host, stack, step, r, 1, "delete", r.properties);
}

/** A delete step is over. Resources an update removed (or a rollback undid) leave the stack. */
function deleted(stack: StackRecord, op: Operation, step: Step): void {
  if (!step.target && CLEANUP_PHASES.has(op.phase)) delete stack.resources[step.logicalId];
  step.state = "done";
}

function startRevert(host: StepHost, stack: StackRecord, op: Operation, step: Step): void {
  const r = stack.resources[step.logicalId];
  const prev = op.previous!.resources[step.logicalId];
  resourceEvent(stack, r, "UPDATE_IN_PROGRESS", undefined, { properties: maskedProperties(stack, prev.properties) });
  schedule(host, stack, step, r, 1, "update", prev.properties);
}

/** Called when a running step's time is up. */
export function progressStep(host: StepHost, stack: StackRecord, op: Operation, step: Step): void {
  const id = step.logicalId;
  const r = step.target ?? stack.resources[id];
  if (step.stage === 0) {
    // Creation (or replacement) initiated: the physical resource now exists.
    const props = step.newProperties ?? r.properties;
    const physicalId = physicalIdFor(resourceContext(stack, r, props));
    if (step.action === "update") {
      op.superseded[id] = structuredClone(r);
      r.physicalId = physicalId;
      resourceEvent(stack, r, "UPDATE_IN_PROGRESS", "Resource creation Initiated");
    } else {
      r.physicalId = physicalId;
      resourceEvent(stack, r, "CREATE_IN_PROGRESS", "Resource creation Initiated");
    }
    return schedule(host, stack, step, r, 1, "create", props);
  }
  if (step.action === "delete") {
    const reason = injected(host, stack, op, id, "delete");
    if (reason) return fail(stack, op, step, r, "DELETE_FAILED", reason, r.physicalId);
    resourceEvent(stack, r, "DELETE_COMPLETE", undefined, { physicalId: r.physicalId, updateRecord: !step.target });
    host.alarms.removed(stack, r);
    deleted(stack, op, step);
    return;
  }
  if (step.action === "revert") return completeRevert(host, stack, op, step, r);
  const action = step.action === "create" ? "create" : "update";
  const reason = injected(host, stack, op, id, action);
  if (reason) return fail(stack, op, step, r, action === "create" ? "CREATE_FAILED" : "UPDATE_FAILED", reason);
  const props = step.newProperties ?? r.properties;
  const ctx = resourceContext(stack, r, props);
  if (step.action === "create" || step.replace) {
    r.attributes = attributesFor(ctx, r.physicalId!);
  } else {
    r.attributes = { ...r.attributes, ...updatedAttributesFor(ctx, r.physicalId!) };
  }
  r.properties = props;
  delete r.actual; // the template's values are applied again
  delete r.deletedOutOfBand;
  step.newProperties = undefined;
  resourceEvent(stack, r, action === "create" ? "CREATE_COMPLETE" : "UPDATE_COMPLETE");
  host.alarms.saved(stack, r);
  step.state = "done";
}

function completeRevert(host: StepHost, stack: StackRecord, op: Operation, step: Step, r: ResourceRecord): void {
  const reason = injected(host, stack, op, step.logicalId, "update");
  if (reason) return fail(stack, op, step, r, "UPDATE_FAILED", reason);
  const prev = op.previous!.resources[step.logicalId];
  const old = op.superseded[step.logicalId];
  if (old && old.physicalId !== r.physicalId) {
    // Switch back to the original physical resource; the replacement is deleted in cleanup.
    op.abandoned[step.logicalId] = structuredClone(r);
    delete op.superseded[step.logicalId];
  }
  stack.resources[step.logicalId] = { ...structuredClone(prev), status: r.status, timestamp: r.timestamp };
  resourceEvent(stack, stack.resources[step.logicalId], "UPDATE_COMPLETE");
  host.alarms.saved(stack, stack.resources[step.logicalId]);
  step.state = "done";
}

/** Marks a step that was still running when another resource failed. */
export function cancelStep(stack: StackRecord, op: Operation, step: Step): void {
  const r = step.target ?? stack.resources[step.logicalId];
  step.state = "failed";
  if (!r) return;
  if (step.action === "create") resourceEvent(stack, r, "CREATE_FAILED", "Resource creation cancelled");
  else if (step.action === "update" || step.action === "revert") resourceEvent(stack, r, "UPDATE_FAILED", "Resource update cancelled");
  step.dueAt = undefined;
  void op;
}
