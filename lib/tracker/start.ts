import "server-only";
import { db } from "../db";
import { appendAudit } from "../audit/append";
import * as cloud from "../cloud";
import { expectedResources, protectedResources, stackPolicy } from "./template-facts";

const SYSTEM = { id: null, label: "executor" };

type Op = NonNullable<Awaited<ReturnType<typeof loadOperation>>>;

export function loadOperation(id: string) {
  return db.operation.findUnique({ where: { id }, include: { client: { include: { currentRevision: true } } } });
}

/**
 * Sends the operation's one CloudFormation call. Safe to repeat after a crash: every call
 * carries the request's ClientRequestToken, so CloudFormation answers a repeat with the
 * first call's result instead of acting twice.
 */
export async function startOperation(op: Op): Promise<void> {
  const request = await db.changeRequest.findUniqueOrThrow({ where: { id: op.requestId }, include: { revision: true } });
  const { client } = op;
  let stackId = client.stackId ?? undefined;
  let total = 0;
  if (op.kind === "CREATE") {
    const revision = request.revision!;
    const tags = [
      ...(JSON.parse(revision.tags) as { Key: string; Value: string }[]),
      { Key: "stackport:size", Value: revision.sizeId },
      { Key: "stackport:request", Value: request.id },
      { Key: "stackport:revision", Value: String(revision.number) },
    ].filter((t, i, all) => all.findIndex((u) => u.Key === t.Key) === i);
    const result = await cloud.createStack({
      stackName: client.stackName, environment: client.environment, templateBody: revision.body, parameters: JSON.parse(revision.parameters), tags, token: op.token,
      terminationProtection: client.environment === "production", stackPolicyBody: JSON.stringify(stackPolicy(protectedResources(revision.body))),
    });
    stackId = result.stackId;
    total = expectedResources(revision.body, revision.parameters).length;
  } else if (op.kind === "UPDATE") {
    const changeSet = request.changeSetId ? await cloud.describeChangeSet(request.changeSetId) : null;
    if (!changeSet) throw new Error("The approved change set no longer exists.");
    const replaced = changeSet.changes.filter((c) => c.replacement === "True" || c.replacement === "Conditional").map((c) => c.logicalId);
    const guarded = protectedResources(request.revision!.body).filter((id) => replaced.includes(id));
    if (guarded.length) {
      // The approved change replaces protected data: lift the policy for exactly those, for this update only.
      await cloud.setStackPolicy(stackId!, stackPolicy(protectedResources(request.revision!.body), guarded));
      await db.$transaction((tx) => appendAudit(tx, { actor: SYSTEM, action: "stack.policy_override", entityType: "ChangeRequest", entityId: request.id, clientId: client.id, after: { allowReplaceOf: guarded, changeSetId: changeSet.id } }));
    }
    await cloud.executeChangeSet(changeSet.id, op.token);
    total = changeSet.changes.length;
  } else if (op.kind === "DELETE") {
    // Termination protection is lifted only inside this approved operation.
    await cloud.setTerminationProtection(stackId!, false);
    await db.$transaction((tx) => appendAudit(tx, { actor: SYSTEM, action: "stack.termination_protection_lifted", entityType: "ChangeRequest", entityId: request.id, clientId: client.id, after: { stackId } }));
    await cloud.deleteStack(stackId!, op.token);
    total = (await cloud.stackResources(stackId!)).length;
  } else {
    await cloud.continueUpdateRollback(stackId!, op.token, JSON.parse(request.resourcesToSkip ?? "[]") as string[]);
  }
  await db.$transaction(async (tx) => {
    await tx.operation.update({ where: { id: op.id }, data: { phase: "IN_PROGRESS", stackId, resourcesTotal: total, cfnCalls: { increment: 1 } } });
    await tx.client.update({ where: { id: client.id }, data: { stackId } });
    await appendAudit(tx, { actor: SYSTEM, action: "stack.operation_started", entityType: "Operation", entityId: op.id, clientId: client.id, after: { kind: op.kind, stackId, token: op.token } });
  });
}
