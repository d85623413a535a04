// CreateChangeSet, DescribeChangeSet, ExecuteChangeSet, DeleteChangeSet, ListChangeSets.
import { randomUUID } from "node:crypto";
import { stackEvent } from "../engine/events";
import type { ChangeSetRecord } from "../engine/model";
import { ApiError, changeSetNotFound, invalidChangeSetStatus, stackDoesNotExist, validationError } from "../errors";
import { paginate, positionKey } from "../http";
import {
  accountOfArn,
  checkStackName,
  findStack,
  visibleTo,
  idempotent,
  requireStack,
  templateBodyFrom,
  type ApiContext,
  type Handler,
} from "./context";
import { changeSetSummaryOut, parametersOut, rollbackConfigurationOut } from "./serialize";
import { assertUpdatable, newStackRecord, prepareTarget, rollbackConfigurationFrom, startUpdate } from "./stacks";

export function findChangeSet(ctx: ApiContext, nameOrArn: string, stackName: string | undefined): ChangeSetRecord {
  const sets = ctx.store.state.changeSets;
  if (nameOrArn.startsWith("arn:")) {
    const cs = sets[nameOrArn];
    if (!cs || !visibleTo(ctx, cs.id)) throw changeSetNotFound(nameOrArn);
    return cs;
  }
  if (!stackName) throw validationError("StackName must be specified if ChangeSetName is not specified as an ARN.");
  const stack = findStack(ctx, stackName);
  const cs = stack && Object.values(sets).find((c) => c.stackId === stack.stackId && c.name === nameOrArn);
  if (!cs) throw changeSetNotFound(nameOrArn);
  return cs;
}

const createChangeSet: Handler = (p, ctx) => {
  const stackName = p.req("StackName");
  const name = p.req("ChangeSetName");
  checkStackName(name, "changeSetName");
  const type = (p.str("ChangeSetType") ?? "UPDATE") as "CREATE" | "UPDATE";
  if (type !== "CREATE" && type !== "UPDATE") throw validationError(`ChangeSetType ${String(type)} is not supported`);
  const token = p.str("ClientToken");
  return idempotent(ctx, token && `CreateChangeSet|${stackName}|${name}|${token}`, () => {
    let stack = findStack(ctx, stackName);
    let created = false;
    if (type === "CREATE") {
      checkStackName(stackName);
      if (stack && stack.status !== "REVIEW_IN_PROGRESS") {
        throw validationError(`Stack [${stackName}] already exists and cannot be created again with the changeSet [${name}].`);
      }
      if (!stack) {
        stack = newStackRecord(ctx, stackName, p);
        created = true;
      }
    } else {
      if (!stack || stack.status === "REVIEW_IN_PROGRESS") throw stackDoesNotExist(stackName);
      assertUpdatable(stack);
    }
    if (Object.values(ctx.store.state.changeSets).some((c) => c.stackId === stack.stackId && c.name === name)) {
      throw new ApiError("AlreadyExistsException", `ChangeSet [${name}] already exists`);
    }
    const body = p.bool("UsePreviousTemplate") && !created ? ctx.store.state.templates[stack.templateHash] : templateBodyFrom(p);
    if (!body) throw validationError("Either Template URL or Template Body must be specified.");
    const { target } = prepareTarget(ctx, stack, body, p, created ? undefined : stack);
    if (created) {
      stack.status = "REVIEW_IN_PROGRESS";
      ctx.store.stacks[stack.stackId] = stack;
      stackEvent(stack, "REVIEW_IN_PROGRESS", "User Initiated");
      ctx.store.touch(stack.stackId);
    }
    const cs: ChangeSetRecord = {
      id: `arn:aws:cloudformation:${stack.region}:${accountOfArn(stack.stackId)}:changeSet/${name}/${randomUUID()}`,
      name,
      stackId: stack.stackId,
      stackName: stack.stackName,
      type,
      status: "CREATE_PENDING",
      executionStatus: "UNAVAILABLE",
      creationTime: new Date().toISOString(),
      description: p.str("Description"),
      target,
      notificationARNs: p.list("NotificationARNs"),
      changes: [],
      clientToken: token,
      rollbackConfiguration: rollbackConfigurationFrom(p),
    };
    ctx.store.state.changeSets[cs.id] = cs;
    ctx.changeSets.schedule(cs);
    ctx.store.touch();
    return { Id: cs.id, StackId: stack.stackId };
  });
};

const describeChangeSet: Handler = (p, ctx) => {
  const cs = findChangeSet(ctx, p.req("ChangeSetName"), p.str("StackName"));
  // A change set's changes never change once computed: their position is a stable anchor.
  const positions = cs.changes.map((_, i) => i);
  const { page: at, nextToken } = paginate(positions, p.str("NextToken"), ctx.config.pageSize, positionKey);
  const page = at.map((i) => cs.changes[i]);
  return {
    ChangeSetName: cs.name,
    ChangeSetId: cs.id,
    StackId: cs.stackId,
    StackName: cs.stackName,
    Description: cs.description,
    Parameters: parametersOut(cs.target.parameters),
    CreationTime: cs.creationTime,
    ExecutionStatus: cs.executionStatus,
    Status: cs.status,
    StatusReason: cs.statusReason,
    NotificationARNs: cs.notificationARNs,
    RollbackConfiguration: rollbackConfigurationOut(cs.rollbackConfiguration ?? ctx.store.stacks[cs.stackId]?.rollbackConfiguration),
    Capabilities: cs.target.capabilities,
    Tags: cs.target.tags,
    Changes: page,
    NextToken: nextToken,
    IncludeNestedStacks: false,
  };
};

const executeChangeSet: Handler = (p, ctx) => {
  const cs = findChangeSet(ctx, p.req("ChangeSetName"), p.str("StackName"));
  const token = p.str("ClientRequestToken");
  return idempotent(ctx, token && `ExecuteChangeSet|${cs.id}|${token}`, () => {
    if (cs.status !== "CREATE_COMPLETE" || cs.executionStatus !== "AVAILABLE") {
      throw invalidChangeSetStatus(
        `ChangeSet [${cs.id}] cannot be executed in its current status of [${cs.status}] and execution status of [${cs.executionStatus}]`,
      );
    }
    const stack = requireStack(ctx, cs.stackId);
    if (cs.type === "CREATE") {
      if (stack.status !== "REVIEW_IN_PROGRESS")
        throw invalidChangeSetStatus(`ChangeSet [${cs.id}] cannot be executed: stack is in ${stack.status} state`);
      Object.assign(stack, cs.target, { changeSetId: cs.id, disableRollback: p.bool("DisableRollback") ?? stack.disableRollback });
      stack.rollbackConfiguration = cs.rollbackConfiguration ?? stack.rollbackConfiguration;
      const op = ctx.engine.newOperation("CREATE", "create", token, {
        changeSetId: cs.id,
        disableRollback: stack.disableRollback,
        rollback: stack.rollbackConfiguration,
      });
      ctx.engine.beginCreate(stack, op);
    } else {
      assertUpdatable(stack);
      stack.changeSetId = cs.id;
      startUpdate(ctx, stack, cs.target, {
        token,
        changeSetId: cs.id,
        disableRollback: p.bool("DisableRollback"),
        rollback: cs.rollbackConfiguration,
      });
    }
    cs.executionStatus = "EXECUTE_IN_PROGRESS";
    // "CloudFormation deletes all other change sets associated with the stack because they aren't
    // valid for the updated stack" (ExecuteChangeSet, API reference).
    for (const other of Object.values(ctx.store.state.changeSets)) {
      if (other.stackId === cs.stackId && other.id !== cs.id) delete ctx.store.state.changeSets[other.id];
    }
    ctx.store.touch();
    return {};
  });
};

const deleteChangeSet: Handler = (p, ctx) => {
  const cs = findChangeSet(ctx, p.req("ChangeSetName"), p.str("StackName"));
  if (cs.executionStatus === "EXECUTE_IN_PROGRESS") {
    throw invalidChangeSetStatus(`Cannot delete ChangeSet in status ${cs.executionStatus}`);
  }
  delete ctx.store.state.changeSets[cs.id];
  ctx.store.touch();
  return {};
};

const listChangeSets: Handler = (p, ctx) => {
  const name = p.req("StackName");
  const stack = findStack(ctx, name);
  if (!stack) throw stackDoesNotExist(name);
  const sets = Object.values(ctx.store.state.changeSets).filter((c) => c.stackId === stack.stackId);
  const { page, nextToken } = paginate(sets, p.str("NextToken"), ctx.config.pageSize, (c) => `${c.creationTime}|${c.id}`);
  return { Summaries: page.map(changeSetSummaryOut), NextToken: nextToken };
};

export const changeSetActions: Record<string, Handler> = {
  CreateChangeSet: createChangeSet,
  DescribeChangeSet: describeChangeSet,
  ExecuteChangeSet: executeChangeSet,
  DeleteChangeSet: deleteChangeSet,
  ListChangeSets: listChangeSets,
};
