"use server";

import { revalidatePath } from "next/cache";
import { safeAction } from "@/lib/actions/safe-action";
import { createTokenSchema, tokenIdSchema } from "@/lib/api/tokens/schemas";
import { createPersonalToken, revokeToken } from "@/lib/api/tokens/store";

// The token comes back once, in the action's result, for its owner to copy.

export const createTokenAction = safeAction(createTokenSchema, "token:manage", async (input, user) => {
  const { id, token } = await createPersonalToken(user, input);
  revalidatePath("/tokens");
  return { ok: true, data: { id, token } };
});

export const revokeTokenAction = safeAction(tokenIdSchema, "token:manage", async (input, user) => {
  await revokeToken(user, input.tokenId);
  revalidatePath("/tokens");
  return { ok: true, message: "Token revoked." };
});
