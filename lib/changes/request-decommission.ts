import "server-only";
import { randomUUID } from "node:crypto";
import { db } from "../db";
import type { SessionUser } from "../auth/roles";
import { ValidationError } from "../errors";
import { requireBlueprint, sizeCost } from "./proposal";
import { createRequestRow, liveClient } from "./request-row";
import { requiredApprovals } from "./state-machine";

/** Decommission: the stack is deleted after approval; the approval binds to the current revision. */
export async function requestDecommission(user: SessionUser, input: { clientId: string; confirmSlug: string; reason: string }) {
  return db.$transaction(async (tx) => {
    const client = await liveClient(tx, input.clientId);
    if (input.confirmSlug !== client.slug) throw new ValidationError({ confirmSlug: [`Type ${client.slug} exactly to confirm`] });
    const blueprint = requireBlueprint(client.blueprintId);
    return createRequestRow(tx, user, {
      id: randomUUID(),
      clientId: client.id,
      kind: "DECOMMISSION",
      fromSizeId: client.sizeId,
      toSizeId: null,
      baseRevisionId: client.currentRevision.id,
      findings: "[]",
      monthlyDeltaUsd: -sizeCost(blueprint, client.sizeId),
      reason: input.reason,
      requiredApprovals: requiredApprovals(blueprint.approval, {
        kind: "DECOMMISSION",
        sizeId: client.sizeId,
        environment: client.environment,
      }),
    });
  });
}
