import { z } from "zod";
import { SERVICE_ACCOUNT_ROLES } from "../../auth/policy";
import { SCOPES, type Scope } from "./scopes";

// Token and service-account forms, shared by the admin and personal pages' actions and the tests.

export const MAX_TOKEN_DAYS = 365;

// Scope checkboxes are named `scope:<name>` (form data keeps one value per name); a JSON caller sends `scopes`.
const withScopes = (raw: unknown) => {
  const record = (raw ?? {}) as Record<string, unknown>;
  if (Array.isArray(record.scopes)) return record;
  return {
    ...record,
    scopes: Object.keys(record)
      .filter((k) => k.startsWith("scope:"))
      .map((k) => k.slice("scope:".length)),
  };
};

export const scopesSchema = z
  .array(z.enum(SCOPES, { error: `Choose scopes from ${SCOPES.join(", ")}` }))
  .max(SCOPES.length)
  .transform((list) => [...new Set(list)].sort() as Scope[]);

export const createTokenSchema = z.preprocess(
  withScopes,
  z.object({
    name: z.string().trim().min(1, "Name the token after what will use it").max(100, "Use at most 100 characters"),
    expiresInDays: z.coerce
      .number("Enter a number of days")
      .int("Enter a whole number of days")
      .min(1, "At least 1 day")
      .max(MAX_TOKEN_DAYS, `At most ${MAX_TOKEN_DAYS} days`)
      .default(90),
    scopes: scopesSchema,
  }),
);
export type CreateToken = z.infer<typeof createTokenSchema>;

export const createServiceTokenSchema = z.preprocess(
  withScopes,
  z.object({
    serviceAccountId: z.string().min(1).max(64),
    name: z.string().trim().min(1, "Name the token after what will use it").max(100, "Use at most 100 characters"),
    expiresInDays: z.coerce.number("Enter a number of days").int().min(1, "At least 1 day").max(MAX_TOKEN_DAYS).default(90),
    scopes: scopesSchema,
  }),
);

export const createServiceAccountSchema = z.object({
  name: z.string().trim().min(1, "Name the system that will use it").max(100, "Use at most 100 characters"),
  role: z.enum(SERVICE_ACCOUNT_ROLES, { error: "A service account is an account manager or an auditor" }),
  description: z.string().trim().max(300, "Use at most 300 characters").default(""),
});
export type CreateServiceAccount = z.infer<typeof createServiceAccountSchema>;

export const tokenIdSchema = z.object({ tokenId: z.string().min(1).max(64) });
export const serviceAccountStateSchema = z.object({
  serviceAccountId: z.string().min(1).max(64),
  disabled: z.enum(["true", "false"]).transform((v) => v === "true"),
});
