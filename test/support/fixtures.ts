import { db } from "../../lib/db";
import type { Role, SessionUser } from "../../lib/auth/roles";
import { uniqueEmail } from "./db";

/** A real user row (no password) for integration tests. */
export async function makeUser(role: Role, name = role.toLowerCase()): Promise<SessionUser> {
  const email = uniqueEmail(name);
  const user = await db.user.create({ data: { email, name, role } });
  return { id: user.id, email, name, role };
}

export const uniqueClientName = (prefix = "Client") => `${prefix} ${Date.now().toString(36)} ${Math.random().toString(36).slice(2, 6)}`;

/**
 * A client row alone (no request, revision or stack), for tests of what pages read; its slug and
 * stack name come from its name.
 */
export async function makeClientRow(
  ownerId: string,
  { name = uniqueClientName(), status = "ACTIVE", updatedAt }: { name?: string; status?: string; updatedAt?: Date } = {},
) {
  const slug = name.toLowerCase().replace(/[^a-z0-9]+/g, "-");
  return db.client.create({
    data: {
      slug,
      displayName: name,
      blueprintId: "stateless-web",
      sizeId: "small",
      environment: "staging",
      region: "us-east-1",
      ownerId,
      status,
      stackName: slug,
      ...(updatedAt ? { updatedAt } : {}),
    },
  });
}

/**
 * Marks a request's revision as the client's live one, as the executor does after a
 * successful launch (tests of review rules need a live client without running a launch).
 */
export async function markLive(requestId: string) {
  const request = await db.changeRequest.findUniqueOrThrow({ where: { id: requestId } });
  await db.changeRequest.update({ where: { id: requestId }, data: { state: "SUCCEEDED" } });
  await db.client.update({
    where: { id: request.clientId },
    data: { currentRevisionId: request.revisionId, status: "ACTIVE", sizeId: request.toSizeId ?? undefined },
  });
}

/** Stands in for the worker's change-set preview in tests that do not run CloudFormation. */
export async function attachChangeSet(requestId: string, changeSetId = `arn:test:changeSet/${requestId}`) {
  const request = await db.changeRequest.update({
    where: { id: requestId },
    data: { changeSetId, changeSetSummary: JSON.stringify({ status: "CREATE_COMPLETE", changes: [] }), version: { increment: 1 } },
  });
  return request.version;
}
