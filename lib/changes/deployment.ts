import { createHash } from "node:crypto";
import { canonicalJson } from "../render/canonical";
import { protectedResources, stackPolicy } from "../tracker/template-facts";
import { operationKindOf, type Kind, type OperationKind } from "./state-machine";

// Exactly what the executor will send to CloudFormation for a request, and the one hash over
// it that an approval binds to: the template body, every parameter (NoEcho values included —
// hashed, never shown), the tags, the stack policy, the capabilities and the rollback setting.
// The executor recomputes it from what it is about to send, right before sending. Pure.

export interface DeploymentRequest {
  id: string;
  kind: string;
  changeSetId: string | null;
  resourcesToSkip: string | null;
  /** The change set's RollbackConfiguration (JSON), when it was created with one. */
  rollbackConfiguration?: string | null;
}

/** CloudFormation's RollbackConfiguration: roll the update back when one of these alarms fires. */
export interface RollbackConfiguration {
  RollbackTriggers: { Arn: string; Type: "AWS::CloudWatch::Alarm" }[];
  MonitoringTimeInMinutes: number;
}
export interface DeploymentClient {
  stackName: string;
  stackId: string | null;
  environment: string;
}
export interface DeploymentRevision {
  number: number;
  body: string;
  parameters: string;
  tags: string;
  sizeId: string;
}

export interface Deployment {
  operation: OperationKind;
  stackName: string;
  templateBody: string | null;
  parameters: { ParameterKey: string; ParameterValue: string }[];
  tags: { Key: string; Value: string }[];
  stackPolicyBody: string | null;
  capabilities: string[];
  terminationProtection: boolean;
  onFailure: "ROLLBACK";
  changeSetId: string | null;
  resourcesToSkip: string[];
  /** Present only when the change set carries one, so digests of deployments without it never changed. */
  rollbackConfiguration?: RollbackConfiguration;
}

/** The tags a created stack carries: the revision's, then the portal's own (first of a key wins). */
export function stackTags(request: { id: string }, revision: DeploymentRevision): { Key: string; Value: string }[] {
  return [
    ...(JSON.parse(revision.tags) as { Key: string; Value: string }[]),
    { Key: "stackport:size", Value: revision.sizeId },
    { Key: "stackport:request", Value: request.id },
    { Key: "stackport:revision", Value: String(revision.number) },
  ].filter((t, i, all) => all.findIndex((u) => u.Key === t.Key) === i);
}

/**
 * What a request deploys. `revision` is the request's proposed revision, or for a decommission
 * or recovery the client's live one (their call carries no template, but the approval still
 * names the state it acts on).
 */
export function deploymentOf(
  request: DeploymentRequest,
  client: DeploymentClient,
  revision: DeploymentRevision | null,
  capabilities: readonly string[],
): Deployment {
  const operation = operationKindOf(request.kind as Kind);
  const sendsTemplate = operation === "CREATE" || operation === "RECREATE" || operation === "UPDATE";
  const rollback =
    operation === "UPDATE" && request.rollbackConfiguration ? (JSON.parse(request.rollbackConfiguration) as RollbackConfiguration) : null;
  return {
    operation,
    stackName: client.stackName,
    templateBody: revision?.body ?? null,
    parameters: revision ? JSON.parse(revision.parameters) : [],
    tags: revision && sendsTemplate ? stackTags(request, revision) : [],
    stackPolicyBody: revision && sendsTemplate ? JSON.stringify(stackPolicy(protectedResources(revision.body))) : null,
    capabilities: sendsTemplate ? [...capabilities].sort() : [],
    terminationProtection: client.environment === "production",
    onFailure: "ROLLBACK",
    changeSetId: operation === "UPDATE" ? request.changeSetId : null,
    resourcesToSkip: operation === "CONTINUE_ROLLBACK" ? (JSON.parse(request.resourcesToSkip ?? "[]") as string[]) : [],
    ...(rollback ? { rollbackConfiguration: rollback } : {}),
  };
}

/** The stack outputs that name the blueprint's alarms (stateless-web 1.1.0 and later). */
export const ALARM_OUTPUTS = ["LoadBalancer5xxAlarmArn", "UnhealthyHostsAlarmArn"] as const;

/** The alarm ARNs among a stack's outputs (stored as a JSON object), in a stable order. */
export function alarmArnsOf(outputs: string | null): string[] {
  if (!outputs) return [];
  let parsed: unknown;
  try {
    parsed = JSON.parse(outputs);
  } catch {
    return [];
  }
  if (typeof parsed !== "object" || parsed === null) return [];
  const values = parsed as Record<string, unknown>;
  return ALARM_OUTPUTS.flatMap((key) =>
    typeof values[key] === "string" && String(values[key]).startsWith("arn:") ? [String(values[key])] : [],
  );
}

/**
 * The RollbackConfiguration an update of a live stack is sent with: its alarms as triggers (they
 * must exist already, so an update that creates them, such as the move to 1.1.0, has none), and
 * the minutes CloudFormation keeps watching them after the last resource. Null without alarms.
 */
export function rollbackConfigurationFor(outputs: string | null, monitoringMinutes: number): RollbackConfiguration | null {
  const arns = alarmArnsOf(outputs);
  if (arns.length === 0) return null;
  return {
    RollbackTriggers: arns.map((Arn) => ({ Arn, Type: "AWS::CloudWatch::Alarm" as const })),
    MonitoringTimeInMinutes: monitoringMinutes,
  };
}

/** sha256 over the canonical JSON of a deployment: what an approval binds to. */
export function deploymentDigest(deployment: Deployment): string {
  return createHash("sha256").update(canonicalJson(deployment)).digest("hex");
}
