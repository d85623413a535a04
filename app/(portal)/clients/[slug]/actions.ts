"use server";

import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { detectClientDrift } from "@/lib/tracker/drift";
import { safeAction } from "@/lib/actions/safe-action";
import {
  decommissionSchema,
  driftSchema,
  reapplySchema,
  recoverSchema,
  recreateSchema,
  resizeSchema,
  updateSchema,
} from "@/lib/changes/schemas";
import { requestDecommission } from "@/lib/changes/request-decommission";
import { requestReapply } from "@/lib/changes/request-reapply";
import { requestRecovery, requestRecreate } from "@/lib/changes/request-recovery";
import { requestResize } from "@/lib/changes/request-resize";
import { requestUpdate } from "@/lib/changes/request-update";
import { maintenanceWindowSchema } from "@/lib/maintenance/schemas";
import { setMaintenanceWindow } from "@/lib/maintenance/set-window";

export const resizeAction = safeAction(resizeSchema, "change:request", async (input, user) => {
  const request = await requestResize(user, input);
  redirect(`/requests/${request.id}?submitted=1`);
});

export const updateAction = safeAction(updateSchema, "change:request", async (input, user) => {
  const request = await requestUpdate(user, input);
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

export const recoverAction = safeAction(recoverSchema, "change:request", async (input, user) => {
  const request = await requestRecovery(user, input);
  redirect(`/requests/${request.id}?submitted=1`);
});

export const recreateAction = safeAction(recreateSchema, "change:request", async (input, user) => {
  const request = await requestRecreate(user, input);
  redirect(`/requests/${request.id}?submitted=1`);
});

export const driftAction = safeAction(driftSchema, "change:request", async (input, user) => {
  const result = await detectClientDrift(input.clientId, { id: user.id, label: user.email });
  revalidatePath("/clients");
  return {
    ok: true,
    message:
      result.driftStatus === "IN_SYNC"
        ? "No drift: the stack matches its approved template."
        : `Drift found in ${result.findings.length} resource(s).`,
  };
});

export const maintenanceWindowAction = safeAction(maintenanceWindowSchema, "client:onboard", async (input, user) => {
  const client = await setMaintenanceWindow(user, input);
  revalidatePath(`/clients/${client.slug}`);
  return { ok: true, message: "Maintenance window saved." };
});
