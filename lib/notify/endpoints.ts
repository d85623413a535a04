import "server-only";
import { db, type Tx } from "../db";
import { appendAudit, type Actor } from "../audit/append";
import type { SessionUser } from "../auth/roles";
import { getEnv } from "../env";
import { ConflictError, NotFoundError, ValidationError } from "../errors";
import { deliverInBackground } from "./deliver";
import { enqueue } from "./enqueue";
import { parseEvents } from "./events";
import { PRIVATE_TARGETS_HINT } from "./address-policy";
import { checkTarget } from "./pinned-post";
import { endpointUrlProblem, type CreateEndpoint } from "./schemas";
import { sealSecret } from "./secret-box";
import { newWebhookSecret } from "./signing";

// Administrators' changes to endpoints. Each writes its audit entry in the same transaction.
// The audit entry names the endpoint by id, origin and description: never the secret, and not
// the full URL either, because some receivers (chat webhooks) carry a token in the path.

const actorOf = (user: SessionUser): Actor => ({ id: user.id, label: user.email });
const origin = (url: string) => new URL(url).origin;

async function load(tx: Tx, endpointId: string) {
  const endpoint = await tx.webhookEndpoint.findUnique({ where: { id: endpointId } });
  if (!endpoint) throw new NotFoundError("That endpoint");
  return endpoint;
}

/**
 * Why the URL may not receive notifications: the rules on its text, then, for a host name, the
 * addresses it resolves to now (each delivery checks again). A name that does not resolve yet is
 * accepted; its deliveries will say so.
 */
async function urlProblem(url: string): Promise<string | null> {
  const env = getEnv();
  const problem = endpointUrlProblem(url, { allowHttp: env.WEBHOOK_ALLOW_HTTP, allowPrivate: env.WEBHOOK_ALLOW_PRIVATE_TARGETS });
  if (problem) return problem;
  const checked = await checkTarget(url, { allowPrivate: env.WEBHOOK_ALLOW_PRIVATE_TARGETS, timeoutMs: env.WEBHOOK_TIMEOUT_MS });
  if (!checked.ok && checked.refused) {
    return `${checked.error.replace(/^refused: /, "")}${checked.openable ? `; ${PRIVATE_TARGETS_HINT}` : ""}`;
  }
  return null;
}

/** Adds an endpoint; the secret is returned this once, for the administrator to copy. */
export async function createEndpoint(user: SessionUser, input: CreateEndpoint) {
  const problem = await urlProblem(input.url);
  if (problem) throw new ValidationError({ url: [problem] });
  const secret = newWebhookSecret();
  const endpoint = await db.$transaction(async (tx) => {
    const created = await tx.webhookEndpoint.create({
      data: {
        url: input.url,
        description: input.description,
        events: JSON.stringify(input.events),
        secret: sealSecret(secret, getEnv().WEBHOOK_SECRET_KEY),
        createdById: user.id,
      },
    });
    await appendAudit(tx, {
      actor: actorOf(user),
      action: "webhook.create",
      entityType: "WebhookEndpoint",
      entityId: created.id,
      after: { origin: origin(created.url), description: created.description, events: input.events, enabled: true },
    });
    return created;
  });
  return { id: endpoint.id, secret };
}

/** A new secret replaces the old one at once; deliveries still queued are signed with the new one. */
export async function rotateEndpointSecret(user: SessionUser, endpointId: string) {
  const secret = newWebhookSecret();
  await db.$transaction(async (tx) => {
    const endpoint = await load(tx, endpointId);
    await tx.webhookEndpoint.update({
      where: { id: endpoint.id },
      data: { secret: sealSecret(secret, getEnv().WEBHOOK_SECRET_KEY), secretRotatedAt: new Date() },
    });
    await appendAudit(tx, {
      actor: actorOf(user),
      action: "webhook.rotate_secret",
      entityType: "WebhookEndpoint",
      entityId: endpoint.id,
      after: { origin: origin(endpoint.url), secretRotated: true },
    });
  });
  return { secret };
}

export async function setEndpointEnabled(user: SessionUser, input: { endpointId: string; enabled: boolean }) {
  await db.$transaction(async (tx) => {
    const endpoint = await load(tx, input.endpointId);
    if (endpoint.enabled === input.enabled) return;
    await tx.webhookEndpoint.update({ where: { id: endpoint.id }, data: { enabled: input.enabled } });
    await appendAudit(tx, {
      actor: actorOf(user),
      action: input.enabled ? "webhook.enable" : "webhook.disable",
      entityType: "WebhookEndpoint",
      entityId: endpoint.id,
      before: { enabled: endpoint.enabled },
      after: { origin: origin(endpoint.url), enabled: input.enabled },
    });
  });
}

/** Removes the endpoint and its delivery log; queued deliveries to it are dropped. */
export async function deleteEndpoint(user: SessionUser, endpointId: string) {
  await db.$transaction(async (tx) => {
    const endpoint = await load(tx, endpointId);
    const deliveries = await tx.webhookDelivery.count({ where: { endpointId: endpoint.id } });
    await tx.webhookEndpoint.delete({ where: { id: endpoint.id } });
    await appendAudit(tx, {
      actor: actorOf(user),
      action: "webhook.delete",
      entityType: "WebhookEndpoint",
      entityId: endpoint.id,
      before: {
        origin: origin(endpoint.url),
        description: endpoint.description,
        events: parseEvents(endpoint.events),
        enabled: endpoint.enabled,
        deliveries,
      },
    });
  });
}

/** Queues a "ping" to one endpoint, which the worker sends like any other notification. */
export async function sendTestPing(user: SessionUser, endpointId: string) {
  await db.$transaction(async (tx) => {
    const endpoint = await load(tx, endpointId);
    if (!endpoint.enabled) throw new ConflictError("Enable the endpoint before sending it a test ping.");
    await enqueue(tx, "ping", { message: "A test notification from Stackport.", requestedBy: user.email }, { endpointId: endpoint.id });
    await appendAudit(tx, {
      actor: actorOf(user),
      action: "webhook.ping",
      entityType: "WebhookEndpoint",
      entityId: endpoint.id,
      after: { origin: origin(endpoint.url) },
    });
  });
  void deliverInBackground(); // no need to wait for the worker's next pass
}

/**
 * A FAILED delivery gets a new round of attempts, starting now. The attempts already made stay
 * counted: the round starts after them, and the delivery log shows the retry.
 */
export async function retryDelivery(user: SessionUser, input: { endpointId: string; deliveryId: string }) {
  await db.$transaction(async (tx) => {
    const delivery = await tx.webhookDelivery.findFirst({ where: { id: input.deliveryId, endpointId: input.endpointId } });
    if (!delivery) throw new NotFoundError("That delivery");
    const now = new Date();
    const retry = { roundStart: delivery.attempts, manualRetries: delivery.manualRetries + 1, lastRetriedAt: now };
    // The expected attempt count makes a retry of a row that changed since it was read fail.
    const moved = await tx.webhookDelivery.updateMany({
      where: { id: delivery.id, status: "FAILED", attempts: delivery.attempts },
      data: { status: "PENDING", nextAttemptAt: now, ...retry },
    });
    if (moved.count !== 1) throw new ConflictError("Only a failed delivery can be retried; this one is already queued or delivered.");
    await appendAudit(tx, {
      actor: actorOf(user),
      action: "webhook.retry",
      entityType: "WebhookDelivery",
      entityId: delivery.id,
      before: {
        status: delivery.status,
        attempts: delivery.attempts,
        manualRetries: delivery.manualRetries,
        lastStatusCode: delivery.lastStatusCode,
        lastError: delivery.lastError,
      },
      after: {
        status: "PENDING",
        attempts: delivery.attempts,
        manualRetries: retry.manualRetries,
        endpointId: delivery.endpointId,
        event: delivery.event,
      },
    });
  });
  void deliverInBackground();
}
