"use server";

import { redirect } from "next/navigation";
import { safeAction } from "@/lib/actions/safe-action";
import { onboardSchema } from "@/lib/changes/schemas";
import { onboardClient } from "@/lib/changes/onboard-client";

export const onboardAction = safeAction(onboardSchema, "client:onboard", async (input, user) => {
  const request = await onboardClient(user, input);
  redirect(`/requests/${request.id}?submitted=1`);
});
