import "server-only";
import { db } from "../db";
import { appendAudit } from "../audit/append";
import * as cloud from "../cloud";
import { tokenFor } from "../changes/execute";
import { approvedDeployment } from "../changes/approved-bytes";
import type { Deployment } from "../changes/deployment";
import { expectedResources, protectedResources, stackPolicy } from "./template-facts";
import { policyLiftedFor, policyRestoredEntry } from "./policy-entries";

const SYSTEM = { id: null, label: "executor" };

/** The approved operation cannot be sent as approved (its change set is gone): the request fails with this message. */
export class StartRefusedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "StartRefusedError";
  }
}

type Op = NonNullable<Awaited<ReturnType<typeof loadOperation>>>;

/** CreateStack with exactly the approved deployment: template, parameters, tags, protection and stack policy. */
async function createFromDeployment(
  client: { stackName: string; environment: string },
  d: Deployment,
  parametersJson: string,
  token: string,
) {
  const result = await cloud.createStack({
    stackName: d.stackName,
    environment: client.environment,
    templateBody: d.templateBody!,
    parameters: d.parameters,
    tags: d.tags,
    token,
    terminationProtection: d.terminationProtection,
    stackPolicyBody: d.stackPolicyBody!,
  });
  return { stackId: result.stackId, total: expectedResources(d.templateBody!, parametersJson).length };
}

/**
 * Delete and recreate, second half: the old stack is gone, so the same name is created again
 * from the approved revision, with the request's second token (a repeat cannot create twice).
 */
export async function recreateAfterDelete(operationId: string): Promise<void> {
  const op = await db.operation.findUniqueOrThrow({ where: { id: operationId }, include: { client: true } });
  const approved = await approvedDeployment(db, op);
  if (!approved) return;
  const { request, deployment } = approved;
  const token = tokenFor(request.id, 1);
  const { stackId, total } = await createFromDeployment(op.client, deployment, request.revision!.parameters, token);
  await db.$transaction(async (tx) => {
    await tx.operation.update({
      where: { id: op.id },
      data: { token, stackId, stackStatus: "CREATE_IN_PROGRESS", resourcesTotal: total, cfnCalls: { increment: 1 } },
    });
    await tx.client.update({ where: { id: op.clientId }, data: { stackId, stackStatus: "CREATE_IN_PROGRESS", statusReason: null } });
    await appendAudit(tx, {
      actor: SYSTEM,
      action: "stack.recreate_started",
      entityType: "Operation",
      entityId: op.id,
      clientId: op.clientId,
      before: { stackId: op.stackId, status: "DELETE_COMPLETE" },
      after: { stackId, token },
    });
  });
}

/** True while a delete-and-recreate is in its first half (deleting the old stack). */
export const isRecreateDeleting = (op: { kind: string; token: string; requestId: string }) =>
  op.kind === "RECREATE" && op.token === tokenFor(op.requestId);

export function loadOperation(id: string) {
  return db.operation.findUnique({ where: { id }, include: { client: { include: { currentRevision: true } } } });
}

/** A change set in one of these execution states has been sent to CloudFormation already. */
const EXECUTED = new Set(["EXECUTE_IN_PROGRESS", "EXECUTE_COMPLETE", "EXECUTE_FAILED"]);

/** Executes an approved update's change set, lifting the stack policy first for the protected resources it replaces. */
async function executeUpdate(op: Op, deployment: Deployment, changeSet: cloud.ChangeSetView) {
  const stackId = op.client.stackId!;
  const replaced = changeSet.changes.filter((c) => c.replacement === "True" || c.replacement === "Conditional").map((c) => c.logicalId);
  const protects = protectedResources(deployment.templateBody!);
  const guarded = protects.filter((id) => replaced.includes(id));
  if (guarded.length) {
    // The approved change replaces protected data: lift the policy for exactly those, for this
    // update only. A pass that sends it again (CloudFormation was throttled) logs it once.
    await cloud.setStackPolicy(stackId, stackPolicy(protects, guarded));
    if (!(await policyLiftedFor(op.requestId)))
      await db.$transaction((tx) =>
        appendAudit(tx, {
          actor: SYSTEM,
          action: "stack.policy_override",
          entityType: "ChangeRequest",
          entityId: op.requestId,
          clientId: op.clientId,
          after: { allowReplaceOf: guarded, changeSetId: changeSet.id },
        }),
      );
  }
  try {
    await cloud.executeChangeSet(changeSet.id, op.token);
  } catch (error) {
    // Refused: the update will not run, so the data is protected again at once. Throttled or
    // unreachable: the call may have arrived, and the next pass sends it again, so the policy stays
    // lifted for it (the tracker restores it when the update ends).
    const refused = !(error instanceof cloud.CloudError && error.transient);
    if (guarded.length && refused) {
      await cloud.setStackPolicy(stackId, stackPolicy(protects));
      await db.$transaction((tx) => appendAudit(tx, policyRestoredEntry(SYSTEM, op, protects)));
    }
    throw error;
  }
}

/**
 * Sends the operation's one CloudFormation call. Safe to repeat after a crash: every call
 * carries the request's ClientRequestToken, so CloudFormation answers a repeat with the
 * first call's result instead of acting twice, and an update whose change set is already
 * executing is not sent again at all.
 */
export async function startOperation(op: Op): Promise<void> {
  // Recomputed from the rows as they are now, and recounted: only approved bytes are sent.
  const approved = await approvedDeployment(db, op);
  if (!approved) return;
  const { request, deployment } = approved;
  const { client } = op;
  let stackId = client.stackId ?? undefined;
  let total = 0;
  if (op.kind === "CREATE") {
    ({ stackId, total } = await createFromDeployment(client, deployment, request.revision!.parameters, op.token));
  } else if (op.kind === "RECREATE") {
    // First the rolled-back stack goes (nothing in it survived the rollback); the tracker
    // creates the new one when the deletion completes (recreateAfterDelete).
    await cloud.setTerminationProtection(stackId!, false);
    await cloud.deleteStack(stackId!, op.token);
  } else if (op.kind === "UPDATE") {
    const changeSet = deployment.changeSetId ? await cloud.describeChangeSet(deployment.changeSetId) : null;
    if (!changeSet) throw new StartRefusedError("The approved change set no longer exists.");
    total = changeSet.changes.length;
    // A worker that died after sending ExecuteChangeSet, before recording it, left the change set
    // executing (or executed): this operation is already under way, and is followed, not re-sent.
    if (!EXECUTED.has(changeSet.executionStatus ?? "")) await executeUpdate(op, deployment, changeSet);
  } else if (op.kind === "DELETE") {
    // Termination protection is lifted only inside this approved operation.
    await cloud.setTerminationProtection(stackId!, false);
    await db.$transaction((tx) =>
      appendAudit(tx, {
        actor: SYSTEM,
        action: "stack.termination_protection_lifted",
        entityType: "ChangeRequest",
        entityId: request.id,
        clientId: client.id,
        after: { stackId },
      }),
    );
    await cloud.deleteStack(stackId!, op.token);
    total = (await cloud.stackResources(stackId!)).length;
  } else {
    await cloud.continueUpdateRollback(stackId!, op.token, deployment.resourcesToSkip);
  }
  await db.$transaction(async (tx) => {
    await tx.operation.update({
      where: { id: op.id },
      data: { phase: "IN_PROGRESS", stackId, resourcesTotal: total, cfnCalls: { increment: 1 } },
    });
    await tx.client.update({ where: { id: client.id }, data: { stackId } });
    await appendAudit(tx, {
      actor: SYSTEM,
      action: "stack.operation_started",
      entityType: "Operation",
      entityId: op.id,
      clientId: client.id,
      after: { kind: op.kind, stackId, token: op.token },
    });
  });
}
