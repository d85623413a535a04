import "server-only";
import { randomUUID } from "node:crypto";
import { db } from "../db";
import type { SessionUser } from "../auth/roles";
import { ConflictError, NotFoundError, ValidationError } from "../errors";
import { assertNoBlockingFindings, requireBlueprint, revisionFindings, sizeCost } from "./proposal";
import { attachRevisionCopy, createRequestRow, inRequestTransaction } from "./request-row";
import { OPEN_STATES, requiredApprovals } from "./state-machine";

// The two guided recoveries a stack's status calls for (state-machine.ts recoveryFor).

/** A stack stuck in UPDATE_ROLLBACK_FAILED: continue the rollback, skipping named resources. */
export async function requestRecovery(user: SessionUser, input: { clientId: string; skip: string[]; reason?: string }) {
  const bad = input.skip.filter((id) => !/^[A-Za-z0-9]+$/.test(id));
  if (bad.length) throw new ValidationError({ skip: [`${bad.join(", ")} is not a logical resource id`] });
  return db.$transaction(async (tx) => {
    const client = await tx.client.findUnique({ where: { id: input.clientId } });
    if (!client) throw new NotFoundError("That client");
    if (client.stackStatus !== "UPDATE_ROLLBACK_FAILED")
      throw new ConflictError("Only a stack stuck in UPDATE_ROLLBACK_FAILED needs this recovery.");
    const request = await createRequestRow(tx, user, {
      id: randomUUID(),
      clientId: client.id,
      kind: "RECOVER",
      fromSizeId: client.sizeId,
      toSizeId: null,
      baseRevisionId: client.currentRevisionId,
      findings: "[]",
      monthlyDeltaUsd: 0,
      requiredApprovals: 1,
      reason: input.reason ?? `Continue the rollback${input.skip.length ? `, skipping ${input.skip.join(", ")}` : ""}`,
    });
    return tx.changeRequest.update({ where: { id: request.id }, data: { resourcesToSkip: JSON.stringify(input.skip) } });
  });
}

/**
 * A launch that failed and rolled back (ROLLBACK_COMPLETE) can only be deleted: delete the
 * empty stack and create it again from the same revision, once an engineer approves.
 */
export async function requestRecreate(user: SessionUser, input: { clientId: string; reason: string }) {
  return inRequestTransaction(() =>
    db.$transaction(async (tx) => {
      const client = await tx.client.findUnique({ where: { id: input.clientId } });
      if (!client) throw new NotFoundError("That client");
      if (client.stackStatus !== "ROLLBACK_COMPLETE" || !client.stackId)
        throw new ConflictError("Only a launch that rolled back (ROLLBACK_COMPLETE) can be deleted and recreated.");
      const source = await tx.templateRevision.findFirst({ where: { clientId: client.id }, orderBy: { number: "desc" } });
      if (!source) throw new ConflictError("This client has no revision to launch again.");
      const open = await tx.changeRequest.findFirst({
        where: { clientId: client.id, state: { in: [...OPEN_STATES] } },
        select: { id: true },
      });
      if (open) throw new ConflictError("This client already has an open change request; finish or cancel it first.");
      const blueprint = requireBlueprint(client.blueprintId);
      // What it deploys passes today's guardrails, as a new revision would.
      const findings = revisionFindings(source);
      assertNoBlockingFindings(findings);
      const request = await createRequestRow(tx, user, {
        id: randomUUID(),
        clientId: client.id,
        kind: "RECREATE",
        fromSizeId: null,
        toSizeId: source.sizeId,
        baseRevisionId: null,
        sourceRevisionId: source.id,
        findings: JSON.stringify(findings),
        monthlyDeltaUsd: sizeCost(blueprint, source.sizeId),
        reason: input.reason,
        requiredApprovals: requiredApprovals(blueprint.approval, {
          kind: "RECREATE",
          sizeId: source.sizeId,
          environment: client.environment,
        }),
      });
      return attachRevisionCopy(tx, user, request, source);
    }),
  );
}
