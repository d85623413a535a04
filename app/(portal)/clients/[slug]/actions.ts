"use server";

import { redirect } from "next/navigation";
import { safeAction } from "@/lib/actions/safe-action";
import { decommissionSchema, reapplySchema, resizeSchema } from "@/lib/changes/schemas";
import { requestDecommission, requestReapply, requestResize } from "@/lib/changes/create-request";

export const resizeAction = safeAction(resizeSchema, "change:request", async (input, user) => {
  const request = await requestResize(user, input);
  redirect(`/requests/${request.id}?submitted=1`);
});

export const reapplyAction = safeAction(reapplySchema, "change:request", async (input, user) => {
  const request = await requestReapply(user, input);
  redirect(`/requests/${request.id}?submitted=1`);
});

export const decommissionAction = safeAction(decommissionSchema, "change:request", async (input, user) => {
  const request = await requestDecommission(user, input);
  redirect(`/requests/${request.id}?submitted=1`);
});
