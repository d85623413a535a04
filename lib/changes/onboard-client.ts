import "server-only";
import { randomUUID } from "node:crypto";
import { db } from "../db";
import { appendAudit } from "../audit/append";
import type { SessionUser } from "../auth/roles";
import { isReusableOnboarding } from "../clients/status";
import { isUniqueViolation } from "../db/errors";
import { ValidationError } from "../errors";
import { slugify } from "../render";
import { assertNoBlockingFindings, propose } from "./proposal";
import { actorOf, writeRequest } from "./request-row";
import { nextRevisionNumber } from "./revisions";
import type { Onboard } from "./schemas";

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
      if (existing && !isReusableOnboarding(existing)) throw duplicateName(slug);
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
    if (isUniqueViolation(error)) throw duplicateName(slug);
    throw error;
  }
}

function duplicateName(slug: string) {
  return new ValidationError({ displayName: [`A client with this name already exists (${slug}). Choose another name.`] });
}
