"use server";

import { revalidatePath } from "next/cache";
import { safeAction } from "@/lib/actions/safe-action";
import { createEndpointSchema, deleteEndpointSchema, endpointIdSchema, retryDeliverySchema, setEnabledSchema } from "@/lib/notify/schemas";
import {
  createEndpoint,
  deleteEndpoint,
  retryDelivery,
  rotateEndpointSecret,
  sendTestPing,
  setEndpointEnabled,
} from "@/lib/notify/endpoints";

// The secret comes back once, in the action's result, for the administrator to copy.

export const createEndpointAction = safeAction(createEndpointSchema, "webhook:manage", async (input, user) => {
  const { id, secret } = await createEndpoint(user, input);
  revalidatePath("/admin/webhooks");
  return { ok: true, data: { id, secret }, message: "Endpoint added. Copy its signing secret now: it is not shown again." };
});

export const rotateSecretAction = safeAction(endpointIdSchema, "webhook:manage", async (input, user) => {
  const { secret } = await rotateEndpointSecret(user, input.endpointId);
  revalidatePath("/admin/webhooks");
  return {
    ok: true,
    data: { id: input.endpointId, secret },
    message: "New secret in use from now on. Copy it now: it is not shown again.",
  };
});

export const setEnabledAction = safeAction(setEnabledSchema, "webhook:manage", async (input, user) => {
  await setEndpointEnabled(user, input);
  revalidatePath("/admin/webhooks");
  return {
    ok: true,
    message: input.enabled ? "Endpoint enabled." : "Endpoint disabled; its queued notifications wait until it is enabled again.",
  };
});

export const sendPingAction = safeAction(endpointIdSchema, "webhook:manage", async (input, user) => {
  await sendTestPing(user, input.endpointId);
  revalidatePath(`/admin/webhooks/${input.endpointId}`);
  return { ok: true, message: "Test ping queued; see the delivery log." };
});

export const deleteEndpointAction = safeAction(deleteEndpointSchema, "webhook:manage", async (input, user) => {
  await deleteEndpoint(user, input.endpointId);
  revalidatePath("/admin/webhooks");
  return { ok: true, message: "Endpoint deleted." };
});

export const retryDeliveryAction = safeAction(retryDeliverySchema, "webhook:manage", async (input, user) => {
  await retryDelivery(user, input);
  revalidatePath(`/admin/webhooks/${input.endpointId}`);
  return { ok: true, message: "Queued for another round of attempts." };
});
