"use server";

import { redirect } from "next/navigation";
import { safeAction } from "@/lib/actions/safe-action";
import { decisionSchema, requestRefSchema } from "@/lib/changes/schemas";
import { approveRequest, cancelRequest, rejectRequest } from "@/lib/changes/decide";
import { rerenderRequest } from "@/lib/changes/rerender";
import { runNow } from "@/lib/maintenance/run-now";

// Each action re-checks the rules server-side (lib/changes): a forged form gets a refusal.
// Outcomes are shown by the page (?done=…), since the form that caused them may no longer apply.

export const decideAction = safeAction(decisionSchema, "change:review", async (input, user) => {
  if (input.decision === "approve") {
    const result = await approveRequest(user, { requestId: input.requestId, version: input.version, comment: input.comment });
    redirect(`/requests/${input.requestId}?done=${result.approved ? "approved" : "approval-recorded"}`);
  }
  await rejectRequest(user, { requestId: input.requestId, version: input.version, comment: input.comment! });
  redirect(`/requests/${input.requestId}?done=rejected`);
});

export const cancelAction = safeAction(requestRefSchema, "change:request", async (input, user) => {
  await cancelRequest(user, { requestId: input.requestId });
  redirect(`/requests/${input.requestId}?done=cancelled`);
});

export const rerenderAction = safeAction(requestRefSchema, "change:request", async (input, user) => {
  await rerenderRequest(user, { requestId: input.requestId });
  redirect(`/requests/${input.requestId}?done=rerendered`);
});

export const runNowAction = safeAction(requestRefSchema, "change:review", async (input, user) => {
  await runNow(user, { requestId: input.requestId });
  redirect(`/requests/${input.requestId}?done=run-now`);
});
