import "server-only";
import { randomUUID } from "node:crypto";
import { db, type Tx } from "../db";
import type { SessionUser } from "../auth/roles";
import { IN_FLIGHT_STATUSES, type ClientStatus } from "../clients/status";
import { ValidationError } from "../errors";
import { assertNoBlockingFindings, clientInputsOf, propose, requireBlueprint } from "./proposal";
import { inRequestTransaction, liveClient, writeRequest } from "./request-row";
import { nextRevisionNumber, revisionContent } from "./revisions";
import { changesAnything, mergeOverrides, revisionOverrides } from "./update-plan";

/** The form field an update's refusals are shown under (the whole set of changes, not one setting). */
export const UPDATE_FIELD = "changes";

/** A client whose stack is being changed right now cannot take another change until it ends. */
export async function assertNotMidOperation(tx: Tx, client: { id: string; status: string }) {
  const running = await tx.changeRequest.findFirst({
    where: { clientId: client.id, state: { in: ["APPROVED", "EXECUTING"] } },
    select: { kind: true },
  });
  if (IN_FLIGHT_STATUSES.includes(client.status as ClientStatus) || running)
    throw new ValidationError(
      { [UPDATE_FIELD]: ["This client is in the middle of another change. Wait until it has finished, then request the update."] },
      "Nothing was requested.",
    );
}

type LiveClient = Awaited<ReturnType<typeof liveClient>>;

/**
 * Writes an update of a live client in the caller's transaction: the blueprint's current version
 * for its size, with its overrides changed as submitted (none for a rollout's version bump).
 * Refused (a ValidationError under "changes") when it would deploy exactly what runs now, or when
 * the guardrails block it.
 */
export async function writeUpdate(
  tx: Tx,
  user: SessionUser,
  client: LiveClient,
  input: { requestId: string; overrides: Record<string, string>; reason?: string; rolloutId?: string },
) {
  const blueprint = requireBlueprint(client.blueprintId);
  const live = client.currentRevision;
  const current = revisionOverrides(blueprint, live);
  const overrides = mergeOverrides(blueprint, current, input.overrides);
  const number = await nextRevisionNumber(tx, client.id);
  const inputs = clientInputsOf(client);
  const proposal = propose({
    blueprintId: client.blueprintId,
    sizeId: client.sizeId,
    overrides,
    revision: number,
    changeRequestId: input.requestId,
    client: inputs,
  });
  if (!changesAnything(live, revisionContent(proposal.rendered, client.sizeId)))
    throw new ValidationError(
      { [UPDATE_FIELD]: [`Nothing would change: the client already runs blueprint ${blueprint.version} with these settings.`] },
      "Nothing would change.",
    );
  assertNoBlockingFindings(proposal.findings);
  const previous = propose({ blueprintId: client.blueprintId, sizeId: client.sizeId, overrides: current, client: inputs });
  const request = await writeRequest(tx, user, {
    id: input.requestId,
    clientId: client.id,
    kind: "UPDATE",
    environment: client.environment,
    fromSizeId: client.sizeId,
    toSizeId: client.sizeId,
    baseRevisionId: live.id,
    proposal,
    previousMonthlyUsd: previous.monthlyUsd,
    reason: input.reason,
    number,
    rolloutId: input.rolloutId,
  });
  return tx.changeRequest.update({ where: { id: request.id }, data: { overrides: JSON.stringify(overrides) } });
}

/**
 * Update a live client: render the blueprint's current version for its size, with its overrides
 * changed as submitted. Refused when the result would deploy exactly what runs now.
 */
export async function requestUpdate(user: SessionUser, input: { clientId: string; overrides: Record<string, string>; reason?: string }) {
  const requestId = randomUUID();
  return inRequestTransaction(() =>
    db.$transaction(async (tx) => {
      const client = await liveClient(tx, input.clientId);
      await assertNotMidOperation(tx, client);
      return writeUpdate(tx, user, client, { requestId, overrides: input.overrides, reason: input.reason });
    }),
  );
}
