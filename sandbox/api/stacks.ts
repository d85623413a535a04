// Stack mutations: CreateStack, UpdateStack, DeleteStack, ContinueUpdateRollback, termination
// protection and stack policies.
import { dryRun, instantiate, type StackIdentity } from "../engine/instance";
import type { RollbackConfiguration, StackRecord, StackTarget, Tag } from "../engine/model";
import { checkPolicyBody } from "../engine/policy";
import { stackEvent } from "../engine/events";
import { alreadyExists, insufficientCapabilities, stackDoesNotExist, validationError } from "../errors";
import type { QueryParams } from "../http";
import { analyzeTemplate, missingCapabilities, type AnalyzedTemplate } from "../template/analyze";
import { resolveParameters, type ParameterInput, type ParameterValue } from "../template/parameters";
import {
  checkStackName,
  idempotent,
  IN_PROGRESS,
  newStackId,
  requireStack,
  findStack,
  templateBodyFrom,
  type ApiContext,
  type Handler,
} from "./context";

export function parameterInputs(p: QueryParams): ParameterInput[] {
  return p.structs("Parameters").map((x) => ({ key: x.ParameterKey, value: x.ParameterValue, usePrevious: x.UsePreviousValue === "true" }));
}

export function tagsFrom(p: QueryParams): Tag[] | undefined {
  const tags = p.structs("Tags").map((t) => ({ Key: t.Key, Value: t.Value ?? "" }));
  if (!tags.length && !p.has("Tags")) return undefined;
  if (tags.length > 50)
    throw validationError(
      "1 validation error detected: Value at 'tags' failed to satisfy constraint: Member must have length less than or equal to 50",
    );
  return tags;
}

const TRIGGER_TYPES = ["AWS::CloudWatch::Alarm", "AWS::CloudWatch::CompositeAlarm"];

/** RollbackConfiguration of CreateStack, UpdateStack and CreateChangeSet; undefined when not given. */
export function rollbackConfigurationFrom(p: QueryParams): RollbackConfiguration | undefined {
  const triggers = p.structs("RollbackConfiguration.RollbackTriggers").map((t) => ({ Arn: t.Arn ?? "", Type: t.Type ?? "" }));
  const minutes = p.int("RollbackConfiguration.MonitoringTimeInMinutes");
  if (!triggers.length && minutes === undefined && !p.has("RollbackConfiguration")) return undefined;
  if (triggers.length > 5)
    throw validationError(
      "1 validation error detected: Value at 'rollbackConfiguration.rollbackTriggers' failed to satisfy constraint: Member must have length less than or equal to 5",
    );
  for (const t of triggers) {
    if (!TRIGGER_TYPES.includes(t.Type))
      throw validationError(`Rollback trigger type ${t.Type || "(none)"} is not supported; use AWS::CloudWatch::Alarm`);
    if (!/^arn:aws[a-z-]*:cloudwatch:[a-z0-9-]+:\d{12}:alarm:.+$/.test(t.Arn))
      throw validationError(`Invalid rollback trigger ARN ${t.Arn}`);
  }
  if (minutes !== undefined && !(minutes >= 0 && minutes <= 180))
    throw validationError(
      `1 validation error detected: Value '${minutes}' at 'rollbackConfiguration.monitoringTimeInMinutes' failed to satisfy constraint: Member must have value less than or equal to 180`,
    );
  return { triggers, monitoringMinutes: minutes ?? 0 };
}

/** Template, parameters, tags and capabilities of a create/update/change set, fully validated. */
export function prepareTarget(
  ctx: ApiContext,
  identity: StackIdentity,
  body: string,
  p: QueryParams,
  previous?: { parameters: ParameterValue[]; tags: Tag[] },
): { analyzed: AnalyzedTemplate; target: StackTarget } {
  const analyzed = analyzeTemplate(body);
  const parameters = resolveParameters(analyzed.template.Parameters, parameterInputs(p), previous?.parameters);
  const capabilities = p.list("Capabilities");
  const missing = missingCapabilities(analyzed.capabilities, capabilities);
  if (missing.length) throw insufficientCapabilities(missing);
  const inst = instantiate(identity, analyzed, parameters);
  dryRun(identity, inst);
  const target: StackTarget = {
    templateHash: analyzed.hash,
    parameters,
    tags: tagsFrom(p) ?? previous?.tags ?? [],
    capabilities,
    description: analyzed.template.Description,
  };
  ctx.store.state.templates[analyzed.hash] = body;
  return { analyzed, target };
}

export function newStackRecord(ctx: ApiContext, name: string, p: QueryParams): StackRecord {
  return {
    stackId: newStackId(ctx.region, name, ctx.accountId),
    stackName: name,
    region: ctx.region,
    status: "CREATE_IN_PROGRESS",
    creationTime: new Date().toISOString(),
    templateHash: "",
    parameters: [],
    tags: [],
    capabilities: [],
    notificationARNs: p.list("NotificationARNs"),
    disableRollback: p.bool("DisableRollback") ?? p.str("OnFailure") === "DO_NOTHING",
    retainExceptOnCreate: p.bool("RetainExceptOnCreate"),
    deleteOnFailure: p.str("OnFailure") === "DELETE" || undefined,
    timeoutInMinutes: p.int("TimeoutInMinutes"),
    roleARN: p.str("RoleARN"),
    terminationProtection: p.bool("EnableTerminationProtection") ?? false,
    outputs: [],
    resources: {},
    events: [],
  };
}

const createStack: Handler = (p, ctx) => {
  const name = p.req("StackName");
  checkStackName(name);
  const token = p.str("ClientRequestToken");
  return idempotent(ctx, token && `CreateStack|${name}|${token}`, () => {
    if (findStack(ctx, name)) throw alreadyExists(name);
    const body = templateBodyFrom(p);
    if (!body) throw validationError("Either Template URL or Template Body must be specified.");
    const policy = p.str("StackPolicyBody");
    if (policy) checkPolicyBody(policy);
    const stack = newStackRecord(ctx, name, p);
    const { target } = prepareTarget(ctx, stack, body, p);
    Object.assign(stack, target, { stackPolicy: policy, rollbackConfiguration: rollbackConfigurationFrom(p) });
    ctx.store.stacks[stack.stackId] = stack;
    const op = ctx.engine.newOperation("CREATE", "create", token, {
      disableRollback: stack.disableRollback,
      rollback: stack.rollbackConfiguration,
    });
    ctx.engine.beginCreate(stack, op);
    return { StackId: stack.stackId, OperationId: op.id };
  });
};

const UPDATABLE = new Set([
  "CREATE_COMPLETE",
  "UPDATE_COMPLETE",
  "UPDATE_ROLLBACK_COMPLETE",
  "IMPORT_COMPLETE",
  "IMPORT_ROLLBACK_COMPLETE",
  "UPDATE_FAILED",
  "CREATE_FAILED",
]);

export function assertUpdatable(stack: StackRecord): void {
  if (!UPDATABLE.has(stack.status)) throw validationError(`Stack:${stack.stackId} is in ${stack.status} state and can not be updated.`);
}

const sameParams = (a: ParameterValue[], b: ParameterValue[]) =>
  a.length === b.length && a.every((x) => b.some((y) => y.key === x.key && y.value === x.value));
const sameTags = (a: Tag[], b: Tag[]) => a.length === b.length && a.every((x) => b.some((y) => y.Key === x.Key && y.Value === x.Value));

/** Switches `stack` to `target` and starts the update (shared by UpdateStack and ExecuteChangeSet). */
export function startUpdate(
  ctx: ApiContext,
  stack: StackRecord,
  target: StackTarget,
  opts: { token?: string; changeSetId?: string; policyOverride?: string; disableRollback?: boolean; rollback?: RollbackConfiguration },
): string {
  // A rollback configuration given with the update replaces the stack's; otherwise the stack's applies.
  if (opts.rollback) stack.rollbackConfiguration = opts.rollback;
  const op = ctx.engine.newOperation("UPDATE", "update", opts.token, {
    rollback: stack.rollbackConfiguration,
    changeSetId: opts.changeSetId,
    policyOverride: opts.policyOverride,
    disableRollback: opts.disableRollback ?? stack.disableRollback,
    previous: {
      templateHash: stack.templateHash,
      parameters: stack.parameters,
      tags: stack.tags,
      capabilities: stack.capabilities,
      description: stack.description,
      resources: structuredClone(stack.resources),
      outputs: stack.outputs,
    },
  });
  Object.assign(stack, target, { statusReason: undefined });
  ctx.engine.beginUpdate(stack, op);
  return op.id;
}

const updateStack: Handler = (p, ctx) => {
  const name = p.req("StackName");
  const stack = findStack(ctx, name);
  if (!stack) throw stackDoesNotExist(name);
  const token = p.str("ClientRequestToken");
  return idempotent(ctx, token && `UpdateStack|${stack.stackId}|${token}`, () => {
    assertUpdatable(stack);
    const body = p.bool("UsePreviousTemplate") ? ctx.store.state.templates[stack.templateHash] : templateBodyFrom(p);
    if (!body) throw validationError("Either Template URL or Template Body must be specified.");
    const { target } = prepareTarget(ctx, stack, body, p, stack);
    const policy = p.str("StackPolicyBody");
    const during = p.str("StackPolicyDuringUpdateBody");
    for (const b of [policy, during]) if (b) checkPolicyBody(b);
    if (
      target.templateHash === stack.templateHash &&
      sameParams(target.parameters, stack.parameters) &&
      sameTags(target.tags, stack.tags)
    ) {
      throw validationError("No updates are to be performed.");
    }
    if (policy) stack.stackPolicy = policy;
    const opId = startUpdate(ctx, stack, target, {
      token,
      policyOverride: during,
      disableRollback: p.bool("DisableRollback"),
      rollback: rollbackConfigurationFrom(p),
    });
    return { StackId: stack.stackId, OperationId: opId };
  });
};

const deleteStack: Handler = (p, ctx) => {
  const stack = findStack(ctx, p.req("StackName"));
  // Deleting a stack that does not exist (or no longer does) succeeds, as on AWS.
  if (!stack || stack.status === "DELETE_COMPLETE" || stack.status === "DELETE_IN_PROGRESS") return {};
  const token = p.str("ClientRequestToken");
  return idempotent(ctx, token && `DeleteStack|${stack.stackId}|${token}`, () => {
    if (stack.terminationProtection) {
      throw validationError(`Stack [${stack.stackName}] cannot be deleted while TerminationProtection is enabled`);
    }
    const retain = p.list("RetainResources");
    if (retain.length && stack.status !== "DELETE_FAILED") {
      throw validationError(
        `Invalid operation on stack [${stack.stackId}]. RetainResources can only be specified when the stack is in the DELETE_FAILED state`,
      );
    }
    if (stack.status === "REVIEW_IN_PROGRESS") {
      stack.op = ctx.engine.newOperation("DELETE", "delete", token);
      stack.deletionTime = new Date().toISOString();
      stackEvent(stack, "DELETE_COMPLETE");
      stack.op = undefined;
      ctx.store.touch(stack.stackId);
      return {};
    }
    if (IN_PROGRESS(stack.status)) throw validationError(`Stack [${stack.stackName}] cannot be deleted while in status ${stack.status}`);
    ctx.engine.beginDelete(stack, ctx.engine.newOperation("DELETE", "delete", token, { retain }));
    return {};
  });
};

const continueUpdateRollback: Handler = (p, ctx) => {
  const stack = requireStack(ctx, p.req("StackName"));
  const token = p.str("ClientRequestToken");
  return idempotent(ctx, token && `ContinueUpdateRollback|${stack.stackId}|${token}`, () => {
    ctx.engine.continueUpdateRollback(stack, p.list("ResourcesToSkip"), token);
    return {};
  });
};

const rollbackStack: Handler = (p, ctx) => {
  const name = p.req("StackName");
  const stack = findStack(ctx, name);
  if (!stack) throw stackDoesNotExist(name);
  const token = p.str("ClientRequestToken");
  return idempotent(ctx, token && `RollbackStack|${stack.stackId}|${token}`, () => {
    ctx.engine.rollbackFailed(stack, token, p.bool("RetainExceptOnCreate"));
    return { StackId: stack.stackId, OperationId: stack.op?.id ?? null };
  });
};

const cancelUpdateStack: Handler = (p, ctx) => {
  const stack = requireStack(ctx, p.req("StackName"));
  const token = p.str("ClientRequestToken");
  return idempotent(ctx, token && `CancelUpdateStack|${stack.stackId}|${token}`, () => {
    ctx.engine.cancelUpdate(stack);
    return {};
  });
};

const updateTerminationProtection: Handler = (p, ctx) => {
  const stack = requireStack(ctx, p.req("StackName"));
  if (stack.status === "DELETE_COMPLETE") throw validationError(`Stack [${stack.stackId}] is in DELETE_COMPLETE state`);
  stack.terminationProtection = p.req("EnableTerminationProtection") === "true";
  ctx.store.touch(stack.stackId);
  return { StackId: stack.stackId };
};

const setStackPolicy: Handler = (p, ctx) => {
  const stack = requireStack(ctx, p.req("StackName"));
  const body = p.str("StackPolicyBody");
  if (p.str("StackPolicyURL")) throw validationError("StackPolicyURL is not supported by the Stackport sandbox; send StackPolicyBody");
  if (!body) throw validationError("Either StackPolicyBody or StackPolicyURL must be specified.");
  checkPolicyBody(body);
  stack.stackPolicy = body;
  ctx.store.touch(stack.stackId);
  return {};
};

const getStackPolicy: Handler = (p, ctx) => ({ StackPolicyBody: requireStack(ctx, p.req("StackName")).stackPolicy });

export const stackActions: Record<string, Handler> = {
  CreateStack: createStack,
  UpdateStack: updateStack,
  DeleteStack: deleteStack,
  ContinueUpdateRollback: continueUpdateRollback,
  CancelUpdateStack: cancelUpdateStack,
  RollbackStack: rollbackStack,
  UpdateTerminationProtection: updateTerminationProtection,
  SetStackPolicy: setStackPolicy,
  GetStackPolicy: getStackPolicy,
};
