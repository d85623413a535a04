import { z } from "zod";
import { environmentSchema, regionSchema } from "../render/schemas";
import { KINDS } from "./state-machine";

// Zod schemas for change requests, shared by server actions, route handlers and tests.
// Field names match the form inputs, so errors land under the field that caused them.

const id = z.string().trim().min(1, "is required");

export const clientDetailsSchema = z.object({
  displayName: z
    .string()
    .trim()
    .min(1, "Enter the client's name")
    .max(100, "Use at most 100 characters")
    .regex(/[\p{L}\p{N}]/u, "Use at least one letter or digit"),
  environment: environmentSchema,
  region: regionSchema,
  blueprintId: z.string().trim().default("stateless-web"),
});

export const onboardSchema = clientDetailsSchema.extend({
  sizeId: z.string().trim().min(1, "Choose a size"),
});

export const resizeSchema = z.object({
  clientId: id,
  sizeId: z.string().trim().min(1, "Choose a size"),
  reason: z.string().trim().max(500).optional(),
});
/** An update: the form sends each setting as `overrides.<Parameter>`; the blueprint's rules are checked when rendering. */
export const updateSchema = z
  .looseObject({
    clientId: id,
    reason: z.string().trim().max(500, "Use at most 500 characters").optional(),
  })
  .transform(({ clientId, reason, ...rest }) => ({
    clientId,
    reason: reason || undefined,
    overrides: Object.fromEntries(
      Object.entries(rest).flatMap(([key, value]) =>
        key.startsWith("overrides.") && typeof value === "string" ? [[key.slice("overrides.".length), value.trim()]] : [],
      ),
    ) as Record<string, string>,
  }));

/** The same update as JSON (the API and the CLI): the settings by parameter name. */
export const updateBodySchema = z.object({
  overrides: z
    .record(
      z.string().regex(/^[A-Za-z][A-Za-z0-9]{0,254}$/, "Use the blueprint's parameter name, such as CertificateArn"),
      z.string().trim().max(2048, "Use at most 2,048 characters"),
    )
    .default({}),
  reason: z.string().trim().max(500, "Use at most 500 characters").optional(),
});

export const reapplySchema = z.object({
  clientId: id,
  revisionNumber: z.coerce.number().int().positive("Choose a revision"),
  reason: z.string().trim().max(500).optional(),
});
export const decommissionSchema = z.object({
  clientId: id,
  confirmSlug: z.string().trim().min(1, "Type the client's slug to confirm"),
  reason: z.string().trim().min(1, "Say why this client is being decommissioned").max(500, "Use at most 500 characters"),
});

export const recoverSchema = z.object({
  clientId: id,
  skip: z
    .string()
    .trim()
    .max(500)
    .optional()
    .transform((v) => (v ? v.split(/[\s,]+/).filter(Boolean) : [])),
  reason: z.string().trim().max(500).optional(),
});

export const recreateSchema = z.object({
  clientId: id,
  reason: z.string().trim().min(3, "Say why the launch should be tried again (at least 3 characters)").max(500),
});

export const driftSchema = z.object({ clientId: id });

/** A reviewer's comment; a rejection must give one (rejectCommentSchema). */
export const commentSchema = z.string().trim().max(1000, "Use at most 1000 characters");
export const rejectCommentSchema = commentSchema.min(1, "Give a reason for rejecting");

export const decisionSchema = z
  .object({
    requestId: id,
    version: z.coerce.number().int().nonnegative(),
    decision: z.enum(["approve", "reject"], "Choose approve or reject"),
    comment: commentSchema.optional(),
  })
  .superRefine((value, ctx) => {
    if (value.decision === "reject" && !value.comment)
      ctx.addIssue({ code: "custom", path: ["comment"], message: "Give a reason for rejecting" });
  });

export const requestRefSchema = z.object({ requestId: id });

export type Onboard = z.infer<typeof onboardSchema>;
export type Decision = z.infer<typeof decisionSchema>;

/** The review queue's filters, from the URL. Unknown values are dropped rather than failing the page. */
export const queueFiltersSchema = z.object({
  client: z.string().trim().max(100).optional().catch(undefined),
  kind: z.enum(KINDS).optional().catch(undefined),
  size: z
    .string()
    .trim()
    .regex(/^[a-z0-9-]{1,40}$/)
    .optional()
    .catch(undefined),
  after: z.string().max(200).optional().catch(undefined),
});
