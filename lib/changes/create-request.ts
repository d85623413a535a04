import "server-only";
import { randomUUID } from "node:crypto";
import { db, type Tx } from "../db";
import { appendAudit, type Actor } from "../audit/append";
import type { SessionUser } from "../auth/roles";
import { ConflictError, NotFoundError, ValidationError } from "../errors";
import { slugify } from "../render";
import { assertNoBlockingFindings, propose, requireBlueprint, sizeCost, type Proposal } from "./proposal";
import { createRevision, nextRevisionNumber, revisionContent } from "./revisions";
import { OPEN_STATES, requiredApprovals, type Kind } from "./state-machine";
import type { Onboard } from "./schemas";
import { notifyRequest } from "../notify/enqueue";

const actorOf = (user: SessionUser): Actor => ({ id: user.id, label: user.email });

/** Account manager onboards a client: Client + revision 1 + CREATE request, one transaction. */
export async function onboardClient(user: SessionUser, input: Onboard) {
  const slug = slugify(input.displayName);
  const requestId = randomUUID();
  const render = (revision: number) =>
    propose({
      blueprintId: input.blueprintId,
      sizeId: input.sizeId,
      client: { ...input, owner: user.email, slug },
      revision,
      changeRequestId: requestId,
    });
  // Guardrails are checked before anything is written.
  assertNoBlockingFindings(render(1).findings);
  try {
    return await db.$transaction(async (tx) => {
      const existing = await tx.client.findUnique({ where: { slug } });
      // A name whose onboarding was rejected or cancelled (and never launched) can be submitted again.
      const reusable = existing && !existing.currentRevisionId && ["REJECTED", "CANCELLED"].includes(existing.status);
      if (existing && !reusable) throw duplicateName(slug);
      const number = existing ? await nextRevisionNumber(tx, existing.id) : 1;
      const proposal = render(number);
      const details = {
        displayName: input.displayName.trim(),
        blueprintId: input.blueprintId,
        sizeId: input.sizeId,
        environment: input.environment,
        region: input.region,
        ownerId: user.id,
        status: "PENDING",
        stackName: proposal.rendered.stackName,
      };
      const client = existing
        ? await tx.client.update({ where: { id: existing.id }, data: details })
        : await tx.client.create({ data: { slug, ...details } });
      await appendAudit(tx, {
        actor: actorOf(user),
        action: existing ? "client.resubmit" : "client.create",
        entityType: "Client",
        entityId: client.id,
        clientId: client.id,
        before: existing ? { status: existing.status, sizeId: existing.sizeId } : null,
        after: { slug, displayName: client.displayName, sizeId: client.sizeId, environment: client.environment, region: client.region },
      });
      return writeRequest(tx, user, {
        id: requestId,
        clientId: client.id,
        kind: "CREATE",
        environment: input.environment,
        fromSizeId: null,
        toSizeId: input.sizeId,
        baseRevisionId: null,
        proposal,
        previousMonthlyUsd: 0,
        number,
      });
    });
  } catch (error) {
    // Two people onboarding the same name at once: the unique slug decides.
    if (error && typeof error === "object" && "code" in error && error.code === "P2002") throw duplicateName(slug);
    throw error;
  }
}

function duplicateName(slug: string) {
  return new ValidationError({ displayName: [`A client with this name already exists (${slug}). Choose another name.`] });
}

async function liveClient(clientId: string) {
  const client = await db.client.findUnique({
    where: { id: clientId },
    include: { currentRevision: true, owner: { select: { email: true } } },
  });
  if (!client) throw new NotFoundError("That client");
  if (!client.currentRevision || client.status === "DECOMMISSIONED")
    throw new ConflictError("This client has no live stack to change yet.");
  return { ...client, currentRevision: client.currentRevision };
}

/** Resize a live client to another size of its blueprint. */
export async function requestResize(user: SessionUser, input: { clientId: string; sizeId: string; reason?: string }) {
  const client = await liveClient(input.clientId);
  if (client.sizeId === input.sizeId) throw new ValidationError({ sizeId: [`The client is already ${input.sizeId}`] });
  const requestId = randomUUID();
  return db.$transaction(async (tx) => {
    const number = await nextRevisionNumber(tx, client.id);
    const proposal = propose({
      blueprintId: client.blueprintId,
      sizeId: input.sizeId,
      revision: number,
      changeRequestId: requestId,
      client: {
        displayName: client.displayName,
        environment: client.environment as "production" | "staging",
        region: client.region,
        owner: client.owner.email,
        slug: client.slug,
      },
    });
    assertNoBlockingFindings(proposal.findings);
    const previous = propose({
      blueprintId: client.blueprintId,
      sizeId: client.sizeId,
      client: {
        displayName: client.displayName,
        environment: client.environment as "production" | "staging",
        region: client.region,
        owner: client.owner.email,
        slug: client.slug,
      },
    });
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
  });
}

/** Apply an earlier revision's exact template, parameters and tags again. */
export async function requestReapply(user: SessionUser, input: { clientId: string; revisionNumber: number; reason?: string }) {
  const client = await liveClient(input.clientId);
  return db.$transaction(async (tx) => {
    const source = await tx.templateRevision.findUnique({
      where: { clientId_number: { clientId: client.id, number: input.revisionNumber } },
    });
    if (!source) throw new ValidationError({ revisionNumber: [`This client has no revision ${input.revisionNumber}`] });
    if (source.id === client.currentRevision.id)
      throw new ValidationError({ revisionNumber: [`Revision ${source.number} is already the current revision`] });
    const blueprint = requireBlueprint(client.blueprintId);
    const request = await createRequestRow(tx, user, {
      id: randomUUID(),
      clientId: client.id,
      kind: "REAPPLY",
      fromSizeId: client.sizeId,
      toSizeId: source.sizeId,
      baseRevisionId: client.currentRevision.id,
      sourceRevisionId: source.id,
      findings: "[]",
      monthlyDeltaUsd: sizeCost(blueprint, source.sizeId) - sizeCost(blueprint, client.sizeId),
      requiredApprovals: requiredApprovals(blueprint.approval, { kind: "REAPPLY", sizeId: source.sizeId, environment: client.environment }),
      reason: input.reason,
    });
    const number = await nextRevisionNumber(tx, client.id);
    const revision = await createRevision(tx, actorOf(user), {
      clientId: client.id,
      number,
      requestId: request.id,
      content: { body: source.body, parameters: source.parameters, tags: source.tags, sha256: source.sha256, sizeId: source.sizeId },
    });
    return tx.changeRequest.update({ where: { id: request.id }, data: { revisionId: revision.id } });
  });
}

/** Decommission: the stack is deleted after approval; the approval binds to the current revision. */
export async function requestDecommission(user: SessionUser, input: { clientId: string; confirmSlug: string; reason: string }) {
  const client = await liveClient(input.clientId);
  if (input.confirmSlug !== client.slug) throw new ValidationError({ confirmSlug: [`Type ${client.slug} exactly to confirm`] });
  const blueprint = requireBlueprint(client.blueprintId);
  return db.$transaction((tx) =>
    createRequestRow(tx, user, {
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
    }),
  );
}

/** A stack stuck in UPDATE_ROLLBACK_FAILED: continue the rollback, skipping named resources. */
export async function requestRecovery(user: SessionUser, input: { clientId: string; skip: string[]; reason?: string }) {
  const client = await db.client.findUnique({ where: { id: input.clientId } });
  if (!client) throw new NotFoundError("That client");
  if (client.stackStatus !== "UPDATE_ROLLBACK_FAILED")
    throw new ConflictError("Only a stack stuck in UPDATE_ROLLBACK_FAILED needs this recovery.");
  const bad = input.skip.filter((id) => !/^[A-Za-z0-9]+$/.test(id));
  if (bad.length) throw new ValidationError({ skip: [`${bad.join(", ")} is not a logical resource id`] });
  return db.$transaction(async (tx) => {
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
  const client = await db.client.findUnique({ where: { id: input.clientId } });
  if (!client) throw new NotFoundError("That client");
  if (client.stackStatus !== "ROLLBACK_COMPLETE" || !client.stackId)
    throw new ConflictError("Only a launch that rolled back (ROLLBACK_COMPLETE) can be deleted and recreated.");
  const source = await db.templateRevision.findFirst({ where: { clientId: client.id }, orderBy: { number: "desc" } });
  if (!source) throw new ConflictError("This client has no revision to launch again.");
  const blueprint = requireBlueprint(client.blueprintId);
  return db.$transaction(async (tx) => {
    const open = await tx.changeRequest.findFirst({
      where: { clientId: client.id, state: { in: [...OPEN_STATES] } },
      select: { id: true },
    });
    if (open) throw new ConflictError("This client already has an open change request; finish or cancel it first.");
    const request = await createRequestRow(tx, user, {
      id: randomUUID(),
      clientId: client.id,
      kind: "RECREATE",
      fromSizeId: null,
      toSizeId: source.sizeId,
      baseRevisionId: null,
      sourceRevisionId: source.id,
      findings: "[]",
      monthlyDeltaUsd: sizeCost(blueprint, source.sizeId),
      reason: input.reason,
      requiredApprovals: requiredApprovals(blueprint.approval, {
        kind: "RECREATE",
        sizeId: source.sizeId,
        environment: client.environment,
      }),
    });
    const number = await nextRevisionNumber(tx, client.id);
    const revision = await createRevision(tx, actorOf(user), {
      clientId: client.id,
      number,
      requestId: request.id,
      content: { body: source.body, parameters: source.parameters, tags: source.tags, sha256: source.sha256, sizeId: source.sizeId },
    });
    return tx.changeRequest.update({ where: { id: request.id }, data: { revisionId: revision.id } });
  });
}

interface RequestRow {
  id: string;
  clientId: string;
  kind: Kind;
  fromSizeId: string | null;
  toSizeId: string | null;
  baseRevisionId: string | null;
  sourceRevisionId?: string;
  findings: string;
  monthlyDeltaUsd: number;
  requiredApprovals: number;
  reason?: string;
}

async function createRequestRow(tx: Tx, user: SessionUser, row: RequestRow) {
  const request = await tx.changeRequest.create({ data: { ...row, state: "PENDING", requesterId: user.id } });
  await appendAudit(tx, {
    actor: actorOf(user),
    action: "request.create",
    entityType: "ChangeRequest",
    entityId: request.id,
    clientId: row.clientId,
    after: {
      kind: row.kind,
      fromSizeId: row.fromSizeId,
      toSizeId: row.toSizeId,
      requiredApprovals: row.requiredApprovals,
      monthlyDeltaUsd: row.monthlyDeltaUsd,
      reason: row.reason ?? null,
    },
  });
  await notifyRequest(tx, "approval.needed", request.id);
  return request;
}

async function writeRequest(
  tx: Tx,
  user: SessionUser,
  input: {
    id: string;
    clientId: string;
    kind: Kind;
    environment: string;
    fromSizeId: string | null;
    toSizeId: string;
    baseRevisionId: string | null;
    proposal: Proposal;
    previousMonthlyUsd: number;
    reason?: string;
    number?: number;
  },
) {
  const { proposal } = input;
  const request = await createRequestRow(tx, user, {
    id: input.id,
    clientId: input.clientId,
    kind: input.kind,
    fromSizeId: input.fromSizeId,
    toSizeId: input.toSizeId,
    baseRevisionId: input.baseRevisionId,
    findings: JSON.stringify(proposal.findings),
    monthlyDeltaUsd: proposal.monthlyUsd - input.previousMonthlyUsd,
    reason: input.reason,
    requiredApprovals: requiredApprovals(proposal.blueprint.approval, {
      kind: input.kind,
      sizeId: input.toSizeId,
      environment: input.environment,
    }),
  });
  const number = input.number ?? (await nextRevisionNumber(tx, input.clientId));
  const revision = await createRevision(tx, actorOf(user), {
    clientId: input.clientId,
    number,
    requestId: request.id,
    content: revisionContent(proposal.rendered, input.toSizeId),
  });
  return tx.changeRequest.update({ where: { id: request.id }, data: { revisionId: revision.id } });
}
