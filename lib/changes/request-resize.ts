import "server-only";
import { randomUUID } from "node:crypto";
import { db } from "../db";
import type { SessionUser } from "../auth/roles";
import { ValidationError } from "../errors";
import { assertNoBlockingFindings, clientInputsOf, propose, requireBlueprint } from "./proposal";
import { inRequestTransaction, liveClient, writeRequest } from "./request-row";
import { nextRevisionNumber } from "./revisions";
import { revisionOverrides } from "./update-plan";

/**
 * Resize a live client to another size of its blueprint. It renders the blueprint's current
 * version with the client's overrides, so a client on an older version moves to the current one
 * too (the review page lists what that brings).
 */
export async function requestResize(user: SessionUser, input: { clientId: string; sizeId: string; reason?: string }) {
  const requestId = randomUUID();
  return inRequestTransaction(() =>
    db.$transaction(async (tx) => {
      const client = await liveClient(tx, input.clientId);
      if (client.sizeId === input.sizeId) throw new ValidationError({ sizeId: [`The client is already ${input.sizeId}`] });
      const number = await nextRevisionNumber(tx, client.id);
      const inputs = clientInputsOf(client);
      const overrides = revisionOverrides(requireBlueprint(client.blueprintId), client.currentRevision);
      const proposal = propose({
        blueprintId: client.blueprintId,
        sizeId: input.sizeId,
        overrides,
        revision: number,
        changeRequestId: requestId,
        client: inputs,
      });
      assertNoBlockingFindings(proposal.findings);
      const previous = propose({ blueprintId: client.blueprintId, sizeId: client.sizeId, overrides, client: inputs });
      return writeRequest(tx, user, {
        id: requestId,
        clientId: client.id,
        kind: "RESIZE",
        environment: client.environment,
        fromSizeId: client.sizeId,
        toSizeId: input.sizeId,
        baseRevisionId: client.currentRevision.id,
        proposal,
        previousMonthlyUsd: previous.monthlyUsd,
        reason: input.reason,
        number,
      });
    }),
  );
}
