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
  };
}

/** sha256 over the canonical JSON of a deployment: what an approval binds to. */
export function deploymentDigest(deployment: Deployment): string {
  return createHash("sha256").update(canonicalJson(deployment)).digest("hex");
}
