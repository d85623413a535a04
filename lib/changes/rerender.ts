import "server-only";
import { db } from "../db";
import { appendAudit } from "../audit/append";
import { authorizeRerender } from "../auth/policy";
import type { SessionUser } from "../auth/roles";
import { ConflictError, ForbiddenError, NotFoundError } from "../errors";
import { assertNoBlockingFindings, clientInputsOf, propose, requireBlueprint } from "./proposal";
import { RERENDERED_KINDS, type Kind } from "./state-machine";
import { revisionOverrides } from "./update-plan";
import { createRevision, nextRevisionNumber, revisionContent } from "./revisions";
import { notifyRequest } from "../notify/enqueue";

/**
 * Renders a pending or approved RESIZE or UPDATE again against the client's current revision. The new
 * revision replaces the proposal, every approval is voided, and the request returns to review:
 * an approval only ever covers the exact bytes the approver saw.
 */
export async function rerenderRequest(user: SessionUser, input: { requestId: string }) {
  return db.$transaction(async (tx) => {
    const request = await tx.changeRequest.findUnique({
      where: { id: input.requestId },
      include: { client: { include: { owner: { select: { email: true } }, currentRevision: true } }, revision: true },
    });
    if (!request) throw new NotFoundError("That change request");
    const decision = authorizeRerender(user, request);
    if (!decision.allowed) throw new ForbiddenError(decision.reason);
    if (!RERENDERED_KINDS.includes(request.kind as Kind))
      throw new ConflictError("Only resize and update requests are re-rendered; make a new request instead.");
    if (request.state !== "PENDING" && request.state !== "APPROVED")
      throw new ConflictError(`This request is ${request.state.toLowerCase()} and can no longer change.`);
    const { client } = request;
    const number = await nextRevisionNumber(tx, client.id);
    // An update keeps the settings it asked for; a resize keeps the ones the client runs with now.
    const overrides = request.overrides
      ? (JSON.parse(request.overrides) as Record<string, string>)
      : client.currentRevision
        ? revisionOverrides(requireBlueprint(client.blueprintId), client.currentRevision)
        : {};
    // An update keeps the client's size as it is now (a resize since may have changed it).
    const sizeId = request.kind === "UPDATE" ? client.sizeId : request.toSizeId!;
    const proposal = propose({
      blueprintId: client.blueprintId,
      sizeId,
      overrides,
      revision: number,
      changeRequestId: request.id,
      client: clientInputsOf(client),
    });
    assertNoBlockingFindings(proposal.findings);
    const revision = await createRevision(
      tx,
      { id: user.id, label: user.email },
      { clientId: client.id, number, requestId: request.id, content: revisionContent(proposal.rendered, sizeId) },
    );
    const voided = await tx.approval.updateMany({ where: { requestId: request.id, voided: false }, data: { voided: true } });
    const updated = await tx.changeRequest.updateMany({
      where: { id: request.id, version: request.version },
      data: {
        revisionId: revision.id,
        baseRevisionId: client.currentRevisionId,
        ...(request.kind === "UPDATE" ? { fromSizeId: sizeId, toSizeId: sizeId } : {}),
        findings: JSON.stringify(proposal.findings),
        state: "PENDING",
        changeSetId: null,
        changeSetSummary: null,
        // A schedule belonged to what was approved; the new approval decides again.
        scheduledFor: null,
        scheduledUntil: null,
        version: { increment: 1 },
      },
    });
    if (updated.count !== 1) throw new ConflictError("Someone else acted on this request at the same time. Reload and try again.");
    await appendAudit(tx, {
      actor: { id: user.id, label: user.email },
      action: "request.rerender",
      entityType: "ChangeRequest",
      entityId: request.id,
      clientId: client.id,
      before: { state: request.state, revisionSha: request.revision?.sha256 ?? null, baseRevisionId: request.baseRevisionId },
      after: { state: "PENDING", revisionSha: revision.sha256, baseRevisionId: client.currentRevisionId, approvalsVoided: voided.count },
    });
    await notifyRequest(tx, "approval.needed", request.id);
    return revision;
  });
}
