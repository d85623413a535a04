"use server";

import { redirect } from "next/navigation";
import { safeAction } from "@/lib/actions/safe-action";
import {
  approveRolloutSchema,
  controlRolloutSchema,
  createRolloutSchema,
  editWavesSchema,
  retryTargetSchema,
  skipTargetSchema,
} from "@/lib/rollouts/schemas";
import { approveRollout, controlRollout, createRollout, editWaves, retryTarget, skipTarget } from "@/lib/rollouts/decide";

// Each action re-checks the rules server-side (lib/rollouts/decide.ts); outcomes are shown by the
// rollout's page (?done=…).

export const createRolloutAction = safeAction(createRolloutSchema, "rollout:create", async ({ reason, ...selection }, user) => {
  const rollout = await createRollout(user, { selection, reason });
  redirect(`/rollouts/${rollout.id}?done=created`);
});

export const editWavesAction = safeAction(editWavesSchema, "rollout:control", async (input, user) => {
  await editWaves(user, input);
  redirect(`/rollouts/${input.rolloutId}?done=waves`);
});

export const approveRolloutAction = safeAction(approveRolloutSchema, "rollout:control", async (input, user) => {
  const result = await approveRollout(user, input);
  redirect(`/rollouts/${input.rolloutId}?done=${result.approved ? "approved" : "approval-recorded"}`);
});

export const controlRolloutAction = safeAction(controlRolloutSchema, "rollout:control", async (input, user) => {
  await controlRollout(user, input);
  redirect(`/rollouts/${input.rolloutId}?done=${input.control}`);
});

export const skipTargetAction = safeAction(skipTargetSchema, "rollout:control", async (input, user) => {
  await skipTarget(user, input);
  redirect(`/rollouts/${input.rolloutId}?done=skipped`);
});

export const retryTargetAction = safeAction(retryTargetSchema, "rollout:control", async (input, user) => {
  await retryTarget(user, input);
  redirect(`/rollouts/${input.rolloutId}?done=retried`);
});
