import "server-only";
import {
  CreateChangeSetCommand,
  CreateStackCommand,
  DeleteChangeSetCommand,
  DeleteStackCommand,
  DescribeChangeSetCommand,
  DescribeStackEventsCommand,
  DescribeStackResourceDriftsCommand,
  DescribeStackResourcesCommand,
  DescribeStacksCommand,
  DescribeStackDriftDetectionStatusCommand,
  DetectStackDriftCommand,
  ExecuteChangeSetCommand,
  SetStackPolicyCommand,
  UpdateTerminationProtectionCommand,
  ContinueUpdateRollbackCommand,
  CloudFormationServiceException,
} from "@aws-sdk/client-cloudformation";
import { getEnv } from "../env";
import { cloudFormation, countCall, targetForArn, type Target } from "./client";

// The only module that calls CloudFormation. It hands the rest of Stackport plain objects.
// Each call goes to a target (the portal's own credentials, or a client environment's role):
// a new stack's from its client's environment, everything else from the account in the stack's
// or change set's ARN (see targetForArn), so callers that only hold an ARN need not say.

export type { Target } from "./client";

type Kv = { ParameterKey: string; ParameterValue: string };
type Tag = { Key: string; Value: string };

/** The capabilities acknowledged on every create and change set (CLOUDFORMATION_CAPABILITIES). */
const capabilities = () => [...getEnv().CLOUDFORMATION_CAPABILITIES];

async function send<T>(action: string, command: { input: unknown }, target: Target): Promise<T> {
  countCall(action);
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- each command's output type is fixed by its caller below
  return (await cloudFormation(target).send(command as any)) as T;
}

export class CloudError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = "CloudError";
  }
}

function wrap(error: unknown): never {
  if (error instanceof CloudFormationServiceException) throw new CloudError(error.name, error.message);
  throw error;
}

/** `environment` is the client's: a configured role for it creates the stack in that role's account. */
export async function createStack(input: {
  stackName: string;
  environment: string;
  templateBody: string;
  parameters: Kv[];
  tags: Tag[];
  token: string;
  terminationProtection: boolean;
  stackPolicyBody?: string;
}) {
  try {
    const out = await send<{ StackId?: string }>(
      "CreateStack",
      new CreateStackCommand({
        StackName: input.stackName,
        TemplateBody: input.templateBody,
        Parameters: input.parameters,
        Tags: input.tags,
        ClientRequestToken: input.token,
        Capabilities: capabilities(),
        EnableTerminationProtection: input.terminationProtection,
        StackPolicyBody: input.stackPolicyBody,
        OnFailure: "ROLLBACK",
      }),
      input.environment as Target,
    );
    return { stackId: out.StackId! };
  } catch (e) {
    return wrap(e);
  }
}

export async function createChangeSet(input: {
  stackName: string;
  changeSetName: string;
  templateBody: string;
  parameters: Kv[];
  tags: Tag[];
  token: string;
}) {
  try {
    const out = await send<{ Id?: string; StackId?: string }>(
      "CreateChangeSet",
      new CreateChangeSetCommand({
        StackName: input.stackName,
        ChangeSetName: input.changeSetName,
        TemplateBody: input.templateBody,
        Parameters: input.parameters,
        Tags: input.tags,
        ClientToken: input.token,
        Capabilities: capabilities(),
        ChangeSetType: "UPDATE",
      }),
      targetForArn(input.stackName),
    );
    return { changeSetId: out.Id!, stackId: out.StackId! };
  } catch (e) {
    return wrap(e);
  }
}

export interface ResourceChange {
  action: string;
  logicalId: string;
  resourceType: string;
  replacement: string;
  scope: string[];
  details: { attribute?: string; name?: string; requiresRecreation?: string }[];
}

export interface ChangeSetView {
  id: string;
  status: string;
  statusReason?: string;
  executionStatus?: string;
  changes: ResourceChange[];
}

export async function describeChangeSet(changeSetId: string, stackName?: string): Promise<ChangeSetView | null> {
  try {
    const changes: ResourceChange[] = [];
    let next: string | undefined;
    let head: { ChangeSetId?: string; Status?: string; StatusReason?: string; ExecutionStatus?: string } = {};
    do {
      // eslint-disable-next-line @typescript-eslint/no-explicit-any
      const out = await send<any>(
        "DescribeChangeSet",
        new DescribeChangeSetCommand({ ChangeSetName: changeSetId, StackName: stackName, NextToken: next }),
        targetForArn(changeSetId) ?? targetForArn(stackName),
      );
      head = out;
      for (const c of out.Changes ?? []) {
        const r = c.ResourceChange ?? {};
        changes.push({
          action: r.Action,
          logicalId: r.LogicalResourceId,
          resourceType: r.ResourceType,
          replacement: r.Replacement ?? "False",
          scope: r.Scope ?? [],
          details: (r.Details ?? []).map((d: { Target?: { Attribute?: string; Name?: string; RequiresRecreation?: string } }) => ({
            attribute: d.Target?.Attribute,
            name: d.Target?.Name,
            requiresRecreation: d.Target?.RequiresRecreation,
          })),
        });
      }
      next = out.NextToken;
    } while (next);
    return {
      id: head.ChangeSetId ?? changeSetId,
      status: head.Status ?? "UNKNOWN",
      statusReason: head.StatusReason,
      executionStatus: head.ExecutionStatus,
      changes,
    };
  } catch (e) {
    if (e instanceof CloudFormationServiceException && e.name === "ChangeSetNotFoundException") return null;
    return wrap(e);
  }
}

export async function executeChangeSet(changeSetId: string, token: string) {
  try {
    await send(
      "ExecuteChangeSet",
      new ExecuteChangeSetCommand({ ChangeSetName: changeSetId, ClientRequestToken: token }),
      targetForArn(changeSetId),
    );
  } catch (e) {
    wrap(e);
  }
}

export async function deleteChangeSet(changeSetId: string) {
  await send("DeleteChangeSet", new DeleteChangeSetCommand({ ChangeSetName: changeSetId }), targetForArn(changeSetId)).catch(
    () => undefined,
  );
}

export async function setStackPolicy(stackName: string, policy: object) {
  await send(
    "SetStackPolicy",
    new SetStackPolicyCommand({ StackName: stackName, StackPolicyBody: JSON.stringify(policy) }),
    targetForArn(stackName),
  );
}

export async function setTerminationProtection(stackName: string, enabled: boolean) {
  await send(
    "UpdateTerminationProtection",
    new UpdateTerminationProtectionCommand({ StackName: stackName, EnableTerminationProtection: enabled }),
    targetForArn(stackName),
  );
}

export async function deleteStack(stackName: string, token: string) {
  try {
    await send("DeleteStack", new DeleteStackCommand({ StackName: stackName, ClientRequestToken: token }), targetForArn(stackName));
  } catch (e) {
    wrap(e);
  }
}

export async function continueUpdateRollback(stackName: string, token: string, skip: string[]) {
  try {
    await send(
      "ContinueUpdateRollback",
      new ContinueUpdateRollbackCommand({ StackName: stackName, ClientRequestToken: token, ResourcesToSkip: skip }),
      targetForArn(stackName),
    );
  } catch (e) {
    wrap(e);
  }
}

export interface StackView {
  stackId: string;
  status: string;
  reason?: string;
  outputs: Record<string, string>;
  terminationProtection: boolean;
}

export async function describeStack(stackNameOrId: string): Promise<StackView | null> {
  try {
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    const out = await send<any>("DescribeStacks", new DescribeStacksCommand({ StackName: stackNameOrId }), targetForArn(stackNameOrId));
    const s = out.Stacks?.[0];
    if (!s) return null;
    return {
      stackId: s.StackId,
      status: s.StackStatus,
      reason: s.StackStatusReason,
      terminationProtection: Boolean(s.EnableTerminationProtection),
      outputs: Object.fromEntries((s.Outputs ?? []).map((o: { OutputKey: string; OutputValue: string }) => [o.OutputKey, o.OutputValue])),
    };
  } catch (e) {
    if (e instanceof CloudFormationServiceException && /does not exist/.test(e.message)) return null;
    return wrap(e);
  }
}

export interface EventView {
  eventId: string;
  logicalId: string;
  physicalId?: string;
  resourceType: string;
  status: string;
  reason?: string;
  timestamp: Date;
  token?: string;
}

/**
 * Events newer than the ones already stored, oldest first. Pages newest-first and stops at
 * the first known event id (or one from before the operation), so a poll costs one call
 * when little has happened.
 */
export async function newStackEvents(stackId: string, isKnown: (eventId: string) => boolean, since: Date): Promise<EventView[]> {
  const fresh: EventView[] = [];
  // Events that arrive while paging shift the pages, so an event can show up twice; keep one.
  const seen = new Set<string>();
  let next: string | undefined;
  pages: do {
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    const out = await send<any>(
      "DescribeStackEvents",
      new DescribeStackEventsCommand({ StackName: stackId, NextToken: next }),
      targetForArn(stackId),
    );
    for (const e of out.StackEvents ?? []) {
      const timestamp = new Date(e.Timestamp);
      if (isKnown(e.EventId) || timestamp.getTime() < since.getTime() - 1000) break pages;
      if (seen.has(e.EventId)) continue;
      seen.add(e.EventId);
      fresh.push({
        eventId: e.EventId,
        logicalId: e.LogicalResourceId,
        physicalId: e.PhysicalResourceId,
        resourceType: e.ResourceType,
        status: e.ResourceStatus,
        reason: e.ResourceStatusReason,
        timestamp,
        token: e.ClientRequestToken,
      });
    }
    next = out.NextToken;
  } while (next);
  return fresh.reverse();
}

export async function stackResources(stackName: string) {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  const out = await send<any>(
    "DescribeStackResources",
    new DescribeStackResourcesCommand({ StackName: stackName }),
    targetForArn(stackName),
  );
  return (out.StackResources ?? []).map(
    (r: { LogicalResourceId: string; PhysicalResourceId?: string; ResourceType: string; ResourceStatus: string }) => ({
      logicalId: r.LogicalResourceId,
      physicalId: r.PhysicalResourceId,
      resourceType: r.ResourceType,
      status: r.ResourceStatus,
    }),
  ) as { logicalId: string; physicalId?: string; resourceType: string; status: string }[];
}

export async function detectDrift(stackName: string): Promise<string> {
  const out = await send<{ StackDriftDetectionId: string }>(
    "DetectStackDrift",
    new DetectStackDriftCommand({ StackName: stackName }),
    targetForArn(stackName),
  );
  return out.StackDriftDetectionId;
}

/** `stackId` is the stack the detection runs on: a detection id carries no account, its stack's ARN does. */
export async function driftDetectionStatus(detectionId: string, stackId: string) {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  const out = await send<any>(
    "DescribeStackDriftDetectionStatus",
    new DescribeStackDriftDetectionStatusCommand({ StackDriftDetectionId: detectionId }),
    targetForArn(stackId),
  );
  return {
    status: out.DetectionStatus as string,
    driftStatus: out.StackDriftStatus as string | undefined,
    reason: out.DetectionStatusReason as string | undefined,
  };
}

export interface ResourceDrift {
  logicalId: string;
  resourceType: string;
  status: string;
  differences: { path: string; expected: string; actual: string; type: string }[];
}

export async function resourceDrifts(stackName: string): Promise<ResourceDrift[]> {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  const out = await send<any>(
    "DescribeStackResourceDrifts",
    new DescribeStackResourceDriftsCommand({ StackName: stackName }),
    targetForArn(stackName),
  );
  return (out.StackResourceDrifts ?? []).map(
    (d: {
      LogicalResourceId: string;
      ResourceType: string;
      StackResourceDriftStatus: string;
      PropertyDifferences?: { PropertyPath: string; ExpectedValue: string; ActualValue: string; DifferenceType: string }[];
    }) => ({
      logicalId: d.LogicalResourceId,
      resourceType: d.ResourceType,
      status: d.StackResourceDriftStatus,
      differences: (d.PropertyDifferences ?? []).map((p) => ({
        path: p.PropertyPath,
        expected: p.ExpectedValue,
        actual: p.ActualValue,
        type: p.DifferenceType,
      })),
    }),
  );
}
