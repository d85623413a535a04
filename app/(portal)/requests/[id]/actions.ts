"use server";

import { revalidatePath } from "next/cache";
import { safeAction } from "@/lib/actions/safe-action";
import { decisionSchema, requestRefSchema } from "@/lib/changes/schemas";
import { approveRequest, cancelRequest, rejectRequest } from "@/lib/changes/decide";
import { rerenderRequest } from "@/lib/changes/rerender";

// Each action re-checks the rules server-side (lib/changes): a forged form gets a refusal.

export const decideAction = safeAction(decisionSchema, "change:review", async (input, user) => {
  if (input.decision === "approve") {
    const result = await approveRequest(user, { requestId: input.requestId, version: input.version, comment: input.comment });
    revalidatePath(`/requests/${input.requestId}`);
    return { ok: true, message: result.approved ? "Approved." : `Approval recorded: ${result.approvals} of ${result.required}. Another engineer must approve too.` };
  }
  await rejectRequest(user, { requestId: input.requestId, version: input.version, comment: input.comment! });
  revalidatePath(`/requests/${input.requestId}`);
  return { ok: true, message: "Rejected." };
});

export const cancelAction = safeAction(requestRefSchema, "change:request", async (input, user) => {
  await cancelRequest(user, { requestId: input.requestId });
  revalidatePath(`/requests/${input.requestId}`);
  return { ok: true, message: "Request cancelled." };
});

export const rerenderAction = safeAction(requestRefSchema, "change:request", async (input, user) => {
  await rerenderRequest(user, { requestId: input.requestId });
  revalidatePath(`/requests/${input.requestId}`);
  return { ok: true, message: "Re-rendered against the current revision. The request is back in review." };
});
