import "server-only";
import { randomUUID } from "node:crypto";
import { db } from "../db";
import type { SessionUser } from "../auth/roles";
import { ValidationError } from "../errors";
import { assertNoBlockingFindings, requireBlueprint, revisionFindings, sizeCost } from "./proposal";
import { attachRevisionCopy, createRequestRow, inRequestTransaction, liveClient } from "./request-row";
import { requiredApprovals } from "./state-machine";

/** Apply an earlier revision's exact template, parameters and tags again. */
export async function requestReapply(user: SessionUser, input: { clientId: string; revisionNumber: number; reason?: string }) {
  return inRequestTransaction(() =>
    db.$transaction(async (tx) => {
      const client = await liveClient(tx, input.clientId);
      const source = await tx.templateRevision.findUnique({
        where: { clientId_number: { clientId: client.id, number: input.revisionNumber } },
      });
      if (!source) throw new ValidationError({ revisionNumber: [`This client has no revision ${input.revisionNumber}`] });
      if (source.id === client.currentRevision.id)
        throw new ValidationError({ revisionNumber: [`Revision ${source.number} is already the current revision`] });
      const blueprint = requireBlueprint(client.blueprintId);
      // What it deploys passes today's guardrails, as a new revision would.
      const findings = revisionFindings(source);
      assertNoBlockingFindings(findings);
      const request = await createRequestRow(tx, user, {
        id: randomUUID(),
        clientId: client.id,
        kind: "REAPPLY",
        fromSizeId: client.sizeId,
        toSizeId: source.sizeId,
        baseRevisionId: client.currentRevision.id,
        sourceRevisionId: source.id,
        findings: JSON.stringify(findings),
        monthlyDeltaUsd: sizeCost(blueprint, source.sizeId) - sizeCost(blueprint, client.sizeId),
        requiredApprovals: requiredApprovals(blueprint.approval, {
          kind: "REAPPLY",
          sizeId: source.sizeId,
          environment: client.environment,
        }),
        reason: input.reason,
      });
      return attachRevisionCopy(tx, user, request, source);
    }),
  );
}
