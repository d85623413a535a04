"use server";

import { revalidatePath } from "next/cache";
import { safeAction } from "@/lib/actions/safe-action";
import { setDisabledSchema } from "@/lib/auth/schemas";
import { setUserDisabled } from "@/lib/auth/users";
import { createServiceAccountSchema, createServiceTokenSchema, tokenIdSchema } from "@/lib/api/tokens/schemas";
import { createServiceAccount, createServiceToken, revokeToken } from "@/lib/api/tokens/store";

const PATH = "/admin/service-accounts";

export const createServiceAccountAction = safeAction(createServiceAccountSchema, "service-account:manage", async (input, user) => {
  await createServiceAccount(user, input);
  revalidatePath(PATH);
  return { ok: true, message: `${input.name} added. Give it a token to use the API.` };
});

export const createServiceTokenAction = safeAction(createServiceTokenSchema, "service-account:manage", async (input, user) => {
  const { id, token } = await createServiceToken(user, input.serviceAccountId, input);
  revalidatePath(PATH);
  return { ok: true, data: { id, token } };
});

export const revokeServiceTokenAction = safeAction(tokenIdSchema, "service-account:manage", async (input, user) => {
  await revokeToken(user, input.tokenId);
  revalidatePath(PATH);
  return { ok: true, message: "Token revoked." };
});

// Disabling a service account stops all its tokens at once (the user row is read on every request).
export const setServiceAccountDisabledAction = safeAction(
  setDisabledSchema,
  async (input) => ({ action: "user:manage", resource: { userId: input.userId } }),
  async (input, user) => {
    await setUserDisabled(user, input);
    revalidatePath(PATH);
    return { ok: true, message: input.disabled ? "Disabled: its tokens stop working now." : "Enabled." };
  },
);
