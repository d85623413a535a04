import "server-only";
import { db } from "../db";
import { appendAudit } from "../audit/append";
import * as cloud from "../cloud";
import { getEnv } from "../env";
import { rollbackConfigurationFor } from "../changes/deployment";
import { replacementNote } from "./template-facts";

const SYSTEM = { id: null, label: "executor" };

export interface ChangeSetSummary {
  status: string;
  reason?: string;
  changes: (cloud.ResourceChange & { note: string | null })[];
}

/**
 * For update requests on a live stack: creates the CloudFormation change set the reviewers
 * see and the executor later executes. Its name and token derive from the request and
 * revision, so a repeat (another instance, a retry) finds the same change set.
 */
export async function prepareChangeSet(requestId: string): Promise<void> {
  const request = await db.changeRequest.findUnique({ where: { id: requestId }, include: { revision: true, client: true } });
  if (!request?.revision || request.changeSetId || request.changeSetSummary || request.state !== "PENDING" || !request.client.stackId)
    return;
  const name = `stackport-${request.id.replace(/[^a-zA-Z0-9]/g, "")}-r${request.revision.number}`.slice(0, 128);
  // The stack's alarms (from its outputs) roll the update back if they fire; part of what is approved.
  const rollback = rollbackConfigurationFor(request.client.outputs, getEnv().ROLLBACK_MONITORING_MINUTES);
  let changeSetId = name;
  try {
    ({ changeSetId } = await cloud.createChangeSet({
      stackName: request.client.stackId,
      changeSetName: name,
      templateBody: request.revision.body,
      parameters: JSON.parse(request.revision.parameters),
      tags: JSON.parse(request.revision.tags),
      token: name,
      rollbackConfiguration: rollback,
    }));
  } catch (error) {
    // Made already (by another instance, or before a restart): describe it by name.
    if (error instanceof cloud.CloudError && error.reason === "already-exists") {
      // fall through
    } else if (error instanceof cloud.CloudError && !error.transient) {
      // Refused (the stack is gone, the template is invalid): reviewers see why, and it is not
      // sent again every pass. Throttling and an unreachable CloudFormation are tried again.
      await recordRefusal(request, error.message);
      return;
    } else throw error;
  }
  let view: cloud.ChangeSetView | null = null;
  for (let i = 0; i < 60; i++) {
    view = await cloud.describeChangeSet(changeSetId, request.client.stackId);
    if (view && !/PENDING|IN_PROGRESS/.test(view.status)) break;
    await new Promise((r) => setTimeout(r, 250));
  }
  if (!view) return;
  const summary: ChangeSetSummary = {
    status: view.status,
    reason: view.statusReason,
    changes: view.changes.map((c) => ({ ...c, note: replacementNote(c.resourceType, c.replacement) })),
  };
  await db.$transaction(async (tx) => {
    const updated = await tx.changeRequest.updateMany({
      where: { id: request.id, version: request.version, changeSetId: null },
      data: {
        changeSetId: view.id,
        changeSetSummary: JSON.stringify(summary),
        rollbackConfiguration: rollback ? JSON.stringify(rollback) : null,
        version: { increment: 1 },
      },
    });
    if (updated.count !== 1) return;
    await appendAudit(tx, {
      actor: SYSTEM,
      action: "request.changeset",
      entityType: "ChangeRequest",
      entityId: request.id,
      clientId: request.clientId,
      after: {
        changeSetId: view.id,
        status: summary.status,
        changes: summary.changes.length,
        ...(rollback ? { rollbackTriggers: rollback.RollbackTriggers.map((t) => t.Arn) } : {}),
      },
    });
  });
}

/** CloudFormation refused to create the change set: the summary says so, with no change set to approve. */
async function recordRefusal(request: { id: string; version: number; clientId: string }, reason: string) {
  const summary: ChangeSetSummary = { status: "FAILED", reason: `CloudFormation refused the change set: ${reason}`, changes: [] };
  await db.$transaction(async (tx) => {
    const updated = await tx.changeRequest.updateMany({
      where: { id: request.id, version: request.version, changeSetId: null, changeSetSummary: null },
      data: { changeSetSummary: JSON.stringify(summary), version: { increment: 1 } },
    });
    if (updated.count !== 1) return;
    await appendAudit(tx, {
      actor: SYSTEM,
      action: "request.changeset",
      entityType: "ChangeRequest",
      entityId: request.id,
      clientId: request.clientId,
      after: { changeSetId: null, status: "FAILED", reason: summary.reason },
    });
  });
}
