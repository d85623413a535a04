import { z } from "zod";
import {
  createEndpoint,
  deleteEndpoint,
  retryDelivery,
  rotateEndpointSecret,
  sendTestPing,
  setEndpointEnabled,
} from "../../notify/endpoints";
import { getEndpoint, listDeliveries, listEndpoints } from "../../notify/queries";
import { createEndpointSchema } from "../../notify/schemas";
import { defineEndpoint, type EndpointResult } from "../endpoint";
import { nextLink } from "../http";
import { webhookDetailSchema, webhookSchema, webhookSecretSchema } from "../schemas";

// Webhook administration: the /admin/webhooks page's actions (lib/notify), for administrators.

const idParams = z.object({ id: z.string().min(1).max(64) });
const base = { tag: "Webhooks", permission: "webhook:manage" as const };
const noContent: EndpointResult = { status: 204 };

const endpointOut = (e: {
  id: string;
  url: string;
  description: string;
  events: string[];
  enabled: boolean;
  createdAt: Date;
  pending?: number;
  failed?: number;
}) => ({
  id: e.id,
  url: e.url,
  description: e.description,
  events: e.events,
  enabled: e.enabled,
  pending: e.pending ?? 0,
  failed: e.failed ?? 0,
  createdAt: e.createdAt.toISOString(),
});

export const listWebhooksEndpoint = defineEndpoint({
  ...base,
  operationId: "listWebhooks",
  method: "GET",
  path: "/webhooks",
  summary: "Webhook endpoints (never their secrets), with queued and failed counts",
  response: { status: 200, description: "Every endpoint.", schema: z.object({ items: z.array(webhookSchema) }) },
  handler: async () => ({ body: { items: (await listEndpoints()).map(endpointOut) } }),
});

export const createWebhookEndpoint = defineEndpoint({
  ...base,
  operationId: "createWebhook",
  method: "POST",
  path: "/webhooks",
  summary: "Add an endpoint; its signing secret is in this answer only",
  // The admin form's schema without its checkbox preprocessing: JSON sends `events` as a list.
  body: createEndpointSchema.out,
  response: { status: 201, description: "The endpoint's id and signing secret.", schema: webhookSecretSchema },
  problems: [422],
  handler: async ({ user, body }) => {
    const created = await createEndpoint(user, body);
    return { status: 201, headers: { Location: `/api/v1/webhooks/${created.id}` }, body: created };
  },
});

export const getWebhookEndpoint = defineEndpoint({
  ...base,
  operationId: "getWebhook",
  method: "GET",
  path: "/webhooks/{id}",
  summary: "One endpoint and its delivery log, newest first",
  params: idParams,
  query: z.object({ after: z.string().max(64).optional() }),
  response: { status: 200, description: "The endpoint.", schema: webhookDetailSchema },
  problems: [404],
  handler: async ({ params, query, url }) => {
    const [endpoint, page] = await Promise.all([getEndpoint(params.id), listDeliveries(params.id, query.after)]);
    return {
      body: {
        ...endpointOut(endpoint),
        deliveries: page.deliveries.map((d) => ({
          id: d.id,
          event: d.event,
          status: d.status,
          attempts: d.attempts,
          lastStatusCode: d.lastStatusCode,
          lastError: d.lastError,
          createdAt: d.createdAt.toISOString(),
          deliveredAt: d.deliveredAt?.toISOString() ?? null,
        })),
        next: nextLink(url, "after", page.nextCursor),
      },
    };
  },
});

export const updateWebhookEndpoint = defineEndpoint({
  ...base,
  operationId: "updateWebhook",
  method: "PATCH",
  path: "/webhooks/{id}",
  summary: "Enable or disable an endpoint",
  params: idParams,
  body: z.object({ enabled: z.boolean() }),
  response: { status: 204, description: "Done." },
  problems: [404, 422],
  handler: async ({ user, params, body }) => {
    await setEndpointEnabled(user, { endpointId: params.id, enabled: body.enabled });
    return noContent;
  },
});

export const deleteWebhookEndpoint = defineEndpoint({
  ...base,
  operationId: "deleteWebhook",
  method: "DELETE",
  path: "/webhooks/{id}",
  summary: "Remove an endpoint and its delivery log",
  params: idParams,
  response: { status: 204, description: "Deleted." },
  problems: [404],
  handler: async ({ user, params }) => {
    await deleteEndpoint(user, params.id);
    return noContent;
  },
});

export const rotateWebhookSecretEndpoint = defineEndpoint({
  ...base,
  operationId: "rotateWebhookSecret",
  method: "POST",
  path: "/webhooks/{id}/rotate-secret",
  summary: "Replace the signing secret at once; the new one is in this answer only",
  params: idParams,
  response: { status: 200, description: "The new secret.", schema: webhookSecretSchema },
  problems: [404],
  handler: async ({ user, params }) => ({ body: { id: params.id, ...(await rotateEndpointSecret(user, params.id)) } }),
});

export const pingWebhookEndpoint = defineEndpoint({
  ...base,
  operationId: "pingWebhook",
  method: "POST",
  path: "/webhooks/{id}/ping",
  summary: "Queue a test notification",
  params: idParams,
  response: { status: 202, description: "Queued; see the delivery log." },
  problems: [404, 409],
  handler: async ({ user, params }) => {
    await sendTestPing(user, params.id);
    return { status: 202 };
  },
});

export const retryDeliveryEndpoint = defineEndpoint({
  ...base,
  operationId: "retryWebhookDelivery",
  method: "POST",
  path: "/webhooks/{id}/deliveries/{deliveryId}/retry",
  summary: "Give a failed delivery another round of attempts",
  params: idParams.extend({ deliveryId: z.string().min(1).max(64) }),
  response: { status: 202, description: "Queued." },
  problems: [404, 409],
  handler: async ({ user, params }) => {
    await retryDelivery(user, { endpointId: params.id, deliveryId: params.deliveryId });
    return { status: 202 };
  },
});
