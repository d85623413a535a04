import "server-only";
import {
  CancelUpdateStackCommand,
  ContinueUpdateRollbackCommand,
  CreateChangeSetCommand,
  CreateStackCommand,
  DeleteStackCommand,
  DescribeChangeSetCommand,
  DescribeStackDriftDetectionStatusCommand,
  DescribeStackEventsCommand,
  DescribeStackResourceDriftsCommand,
  DescribeStackResourcesCommand,
  DescribeStacksCommand,
  DetectStackDriftCommand,
  ExecuteChangeSetCommand,
  SetStackPolicyCommand,
  UpdateTerminationProtectionCommand,
  type CloudFormationClient,
  type DescribeChangeSetCommandOutput,
} from "@aws-sdk/client-cloudformation";
import { getEnv } from "../env";
import { cloudFormation, countCall, targetForArn, type Target } from "./client";
import { CloudError, toCloudError } from "./errors";

// The only module that calls CloudFormation. It hands the rest of Stackport plain objects, and
// every error as a CloudError whose `reason` says what happened (lib/cloud/errors.ts).
// Each call goes to a target (the portal's own credentials, or a client environment's role):
// a new stack's from its client's environment, everything else from the account in the stack's
// or change set's ARN (see targetForArn), so callers that only hold an ARN need not say.

export type { Target } from "./client";
export { CloudError, type CloudErrorReason } from "./errors";
export { alarmNameOf, alarmStates } from "./alarms";
import { firingAlarmsOfStack } from "./alarms";

type Kv = { ParameterKey: string; ParameterValue: string };
type RollbackConfiguration = { RollbackTriggers: { Arn: string; Type: string }[]; MonitoringTimeInMinutes: number };
type Tag = { Key: string; Value: string };

/** The capabilities acknowledged on every create and change set (CLOUDFORMATION_CAPABILITIES). */
const capabilities = () => [...getEnv().CLOUDFORMATION_CAPABILITIES];

/** The one way out to CloudFormation: counts the call, and turns any failure into a CloudError. */
async function call<T>(action: string, target: Target, send: (client: CloudFormationClient) => Promise<T>): Promise<T> {
  countCall(action);
  try {
    return await send(cloudFormation(target));
  } catch (error) {
    throw toCloudError(error);
  }
}

/** `undefined` instead of an error when the thing asked about does not exist. */
async function unlessNotFound<T>(run: Promise<T>): Promise<T | undefined> {
  try {
    return await run;
  } catch (error) {
    if (error instanceof CloudError && error.reason === "not-found") return undefined;
    throw error;
  }
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
  const out = await call("CreateStack", input.environment as Target, (c) =>
    c.send(
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
    ),
  );
  return { stackId: out.StackId! };
}

export async function createChangeSet(input: {
  stackName: string;
  changeSetName: string;
  templateBody: string;
  parameters: Kv[];
  tags: Tag[];
  token: string;
  /** Alarms that roll the update back when they fire (lib/changes/deployment.ts rollbackConfigurationFor). */
  rollbackConfiguration?: RollbackConfiguration | null;
}) {
  const out = await call("CreateChangeSet", targetForArn(input.stackName), (c) =>
    c.send(
      new CreateChangeSetCommand({
        StackName: input.stackName,
        ChangeSetName: input.changeSetName,
        TemplateBody: input.templateBody,
        Parameters: input.parameters,
        Tags: input.tags,
        ClientToken: input.token,
        Capabilities: capabilities(),
        ChangeSetType: "UPDATE",
        ...(input.rollbackConfiguration ? { RollbackConfiguration: input.rollbackConfiguration } : {}),
      }),
    ),
  );
  return { changeSetId: out.Id!, stackId: out.StackId! };
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

/** The change set with every page of its changes; null when it does not exist (any more). */
export async function describeChangeSet(changeSetId: string, stackName?: string): Promise<ChangeSetView | null> {
  const changes: ResourceChange[] = [];
  let next: string | undefined;
  let head: DescribeChangeSetCommandOutput | undefined;
  do {
    const page = await unlessNotFound(
      call("DescribeChangeSet", targetForArn(changeSetId) ?? targetForArn(stackName), (c) =>
        c.send(new DescribeChangeSetCommand({ ChangeSetName: changeSetId, StackName: stackName, NextToken: next })),
      ),
    );
    if (!page) return null;
    head = page;
    for (const { ResourceChange: r = {} } of page.Changes ?? []) {
      changes.push({
        action: r.Action ?? "",
        logicalId: r.LogicalResourceId ?? "",
        resourceType: r.ResourceType ?? "",
        replacement: r.Replacement ?? "False",
        scope: r.Scope ?? [],
        details: (r.Details ?? []).map((d) => ({
          attribute: d.Target?.Attribute,
          name: d.Target?.Name,
          requiresRecreation: d.Target?.RequiresRecreation,
        })),
      });
    }
    next = page.NextToken;
  } while (next);
  return {
    id: head?.ChangeSetId ?? changeSetId,
    status: head?.Status ?? "UNKNOWN",
    statusReason: head?.StatusReason,
    executionStatus: head?.ExecutionStatus,
    changes,
  };
}

export async function executeChangeSet(changeSetId: string, token: string) {
  await call("ExecuteChangeSet", targetForArn(changeSetId), (c) =>
    c.send(new ExecuteChangeSetCommand({ ChangeSetName: changeSetId, ClientRequestToken: token })),
  );
}

export async function setStackPolicy(stackName: string, policy: object) {
  await call("SetStackPolicy", targetForArn(stackName), (c) =>
    c.send(new SetStackPolicyCommand({ StackName: stackName, StackPolicyBody: JSON.stringify(policy) })),
  );
}

export async function setTerminationProtection(stackName: string, enabled: boolean) {
  await call("UpdateTerminationProtection", targetForArn(stackName), (c) =>
    c.send(new UpdateTerminationProtectionCommand({ StackName: stackName, EnableTerminationProtection: enabled })),
  );
}

export async function deleteStack(stackName: string, token: string) {
  await call("DeleteStack", targetForArn(stackName), (c) =>
    c.send(new DeleteStackCommand({ StackName: stackName, ClientRequestToken: token })),
  );
}

export async function continueUpdateRollback(stackName: string, token: string, skip: string[]) {
  await call("ContinueUpdateRollback", targetForArn(stackName), (c) =>
    c.send(new ContinueUpdateRollbackCommand({ StackName: stackName, ClientRequestToken: token, ResourcesToSkip: skip })),
  );
}

/** Stops an update in progress: CloudFormation rolls the stack back to its previous configuration. */
export async function cancelUpdateStack(stackName: string, token: string) {
  await call("CancelUpdateStack", targetForArn(stackName), (c) =>
    c.send(new CancelUpdateStackCommand({ StackName: stackName, ClientRequestToken: token })),
  );
}

/** The stack's own alarms (its AWS::CloudWatch::Alarm resources) that are in ALARM, by name. */
export async function firingStackAlarms(stackId: string): Promise<string[]> {
  return firingAlarmsOfStack(stackId, await stackResources(stackId));
}

export interface StackView {
  stackId: string;
  status: string;
  reason?: string;
  outputs: Record<string, string>;
  terminationProtection: boolean;
}

/** The stack's status and outputs; null when it does not exist. */
export async function describeStack(stackNameOrId: string): Promise<StackView | null> {
  const out = await unlessNotFound(
    call("DescribeStacks", targetForArn(stackNameOrId), (c) => c.send(new DescribeStacksCommand({ StackName: stackNameOrId }))),
  );
  const s = out?.Stacks?.[0];
  if (!s) return null;
  return {
    stackId: s.StackId ?? stackNameOrId,
    status: s.StackStatus ?? "UNKNOWN",
    reason: s.StackStatusReason,
    terminationProtection: Boolean(s.EnableTerminationProtection),
    outputs: Object.fromEntries((s.Outputs ?? []).flatMap((o) => (o.OutputKey ? [[o.OutputKey, o.OutputValue ?? ""]] : []))),
  };
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
 * when little has happened. A stack that does not exist fails with reason "not-found".
 */
export async function newStackEvents(stackId: string, isKnown: (eventId: string) => boolean, since: Date): Promise<EventView[]> {
  const fresh: EventView[] = [];
  // Events that arrive while paging shift the pages, so an event can show up twice; keep one.
  const seen = new Set<string>();
  let next: string | undefined;
  pages: do {
    const out = await call("DescribeStackEvents", targetForArn(stackId), (c) =>
      c.send(new DescribeStackEventsCommand({ StackName: stackId, NextToken: next })),
    );
    for (const e of out.StackEvents ?? []) {
      const eventId = e.EventId ?? "";
      const timestamp = e.Timestamp ? new Date(e.Timestamp) : new Date(0);
      if (isKnown(eventId) || timestamp.getTime() < since.getTime() - 1000) break pages;
      if (seen.has(eventId)) continue;
      seen.add(eventId);
      fresh.push({
        eventId,
        logicalId: e.LogicalResourceId ?? "",
        physicalId: e.PhysicalResourceId,
        resourceType: e.ResourceType ?? "",
        status: e.ResourceStatus ?? "",
        reason: e.ResourceStatusReason,
        timestamp,
        token: e.ClientRequestToken,
      });
    }
    next = out.NextToken;
  } while (next);
  return fresh.reverse();
}

export interface ResourceView {
  logicalId: string;
  physicalId?: string;
  resourceType: string;
  status: string;
}

export async function stackResources(stackName: string): Promise<ResourceView[]> {
  const out = await call("DescribeStackResources", targetForArn(stackName), (c) =>
    c.send(new DescribeStackResourcesCommand({ StackName: stackName })),
  );
  return (out.StackResources ?? []).map((r) => ({
    logicalId: r.LogicalResourceId ?? "",
    physicalId: r.PhysicalResourceId,
    resourceType: r.ResourceType ?? "",
    status: r.ResourceStatus ?? "",
  }));
}

export async function detectDrift(stackName: string): Promise<string> {
  const out = await call("DetectStackDrift", targetForArn(stackName), (c) => c.send(new DetectStackDriftCommand({ StackName: stackName })));
  return out.StackDriftDetectionId!;
}

/** `stackId` is the stack the detection runs on: a detection id carries no account, its stack's ARN does. */
export async function driftDetectionStatus(detectionId: string, stackId: string) {
  const out = await call("DescribeStackDriftDetectionStatus", targetForArn(stackId), (c) =>
    c.send(new DescribeStackDriftDetectionStatusCommand({ StackDriftDetectionId: detectionId })),
  );
  return {
    status: out.DetectionStatus as string,
    driftStatus: out.StackDriftStatus as string | undefined,
    reason: out.DetectionStatusReason,
  };
}

export interface ResourceDrift {
  logicalId: string;
  resourceType: string;
  status: string;
  differences: { path: string; expected: string; actual: string; type: string }[];
}

export async function resourceDrifts(stackName: string): Promise<ResourceDrift[]> {
  const out = await call("DescribeStackResourceDrifts", targetForArn(stackName), (c) =>
    c.send(new DescribeStackResourceDriftsCommand({ StackName: stackName })),
  );
  return (out.StackResourceDrifts ?? []).map((d) => ({
    logicalId: d.LogicalResourceId ?? "",
    resourceType: d.ResourceType ?? "",
    status: d.StackResourceDriftStatus ?? "",
    differences: (d.PropertyDifferences ?? []).map((p) => ({
      path: p.PropertyPath ?? "",
      expected: p.ExpectedValue ?? "",
      actual: p.ActualValue ?? "",
      type: p.DifferenceType ?? "",
    })),
  }));
}
