"use server";

import { revalidatePath } from "next/cache";
import { safeAction } from "@/lib/actions/safe-action";
import { changeRoleSchema, confirmRoleSchema, createUserSchema, endSessionsSchema, setDisabledSchema } from "@/lib/auth/schemas";
import { endUserSessions } from "@/lib/auth/end-sessions";
import { changeUserRole, confirmUserRole, createLocalUser, setUserDisabled } from "@/lib/auth/users";

export const createUserAction = safeAction(createUserSchema, "user:manage", async (input, user) => {
  const created = await createLocalUser(user, input);
  revalidatePath("/admin/users");
  return { ok: true, message: `${created.email} can now sign in.` };
});

export const changeRoleAction = safeAction(
  changeRoleSchema,
  async (input) => ({ action: "user:manage", resource: { userId: input.userId } }),
  async (input, user) => {
    await changeUserRole(user, input);
    revalidatePath("/admin/users");
    return { ok: true, message: "Role changed." };
  },
);

export const setDisabledAction = safeAction(
  setDisabledSchema,
  async (input) => ({ action: "user:manage", resource: { userId: input.userId } }),
  async (input, user) => {
    await setUserDisabled(user, input);
    revalidatePath("/admin/users");
    return { ok: true, message: input.disabled ? "User disabled." : "User enabled." };
  },
);

export const endSessionsAction = safeAction(
  endSessionsSchema,
  async (input) => ({ action: "user:manage", resource: { userId: input.userId } }),
  async (input, user) => {
    await endUserSessions(user, input);
    return { ok: true, message: "Sessions ended: they must sign in again." };
  },
);

export const confirmRoleAction = safeAction(
  confirmRoleSchema,
  async (input) => ({ action: "user:manage", resource: { userId: input.userId } }),
  async (input, user) => {
    await confirmUserRole(user, input);
    revalidatePath("/admin/users");
    return { ok: true, message: "Role confirmed: they can approve changes now." };
  },
);
