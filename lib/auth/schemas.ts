import { z } from "zod";
import { ROLES } from "./roles";

export const roleSchema = z.enum(ROLES, { error: "Choose one of the roles" });

export const passwordSchema = z.string().min(12, "Use at least 12 characters").max(200, "Use at most 200 characters");

export const createUserSchema = z.object({
  email: z.string().trim().toLowerCase().email("Enter a valid email address"),
  name: z.string().trim().min(1, "Enter the person's name").max(100, "Use at most 100 characters"),
  role: roleSchema,
  password: passwordSchema,
});

export const changeRoleSchema = z.object({ userId: z.string().min(1), role: roleSchema });
export const confirmRoleSchema = z.object({ userId: z.string().min(1) });
export const setDisabledSchema = z.object({
  userId: z.string().min(1),
  disabled: z.enum(["true", "false"]).transform((v) => v === "true"),
});
export const endSessionsSchema = z.object({ userId: z.string().min(1) });
