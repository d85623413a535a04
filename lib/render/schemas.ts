// The render input contract, shared by the request form, its server action and the CLI.
// Rules that need the catalog (known blueprint and size, allowed overrides, production's minimum
// size) are checked in render.ts and reported on the same field names.
import { z } from "zod";

export const SLUG_PATTERN = /^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$/;
export const SLUG_MAX_LENGTH = 40;
/** Characters AWS accepts in tag values across services. */
export const TAG_VALUE_PATTERN = /^[\p{L}\p{N}\s+\-=._:/@]*$/u;

/** A string field whose absence reads "is required" rather than zod's type message. */
const text = () => z.string({ error: (issue) => (issue.input === undefined ? "is required" : "must be text") });

const id = text()
  .trim()
  .regex(/^[a-z][a-z0-9-]{0,39}$/, "must be an id such as stateless-web");

export const environmentSchema = z.enum(["production", "staging"], {
  error: (issue) => (issue.input === undefined ? "is required" : "must be production or staging"),
});
export type Environment = z.infer<typeof environmentSchema>;

export const regionSchema = text()
  .trim()
  .regex(/^[a-z]{2}(-gov|-iso[a-z]?)?-[a-z]+-\d{1,2}$/, "must be an AWS region code such as us-east-1");

export const clientSchema = z.strictObject(
  {
    displayName: text()
      .trim()
      .min(1, "is required")
      .max(100, "must be at most 100 characters")
      .regex(/[\p{L}\p{N}]/u, "must contain a letter or digit"),
    environment: environmentSchema,
    region: regionSchema,
    owner: text()
      .trim()
      .min(1, "is required")
      .max(128, "must be at most 128 characters")
      .regex(TAG_VALUE_PATTERN, "may contain only letters, digits, spaces and + - = . _ : / @"),
  },
  { error: (issue) => (issue.input === undefined ? "is required" : "must be an object") },
);

export const renderMetadataSchema = z.strictObject({
  clientSlug: z
    .string()
    .max(SLUG_MAX_LENGTH, `must be at most ${SLUG_MAX_LENGTH} characters`)
    .regex(SLUG_PATTERN, "must be lower-case letters, digits and single hyphens, starting with a letter")
    .optional(),
  revision: z.number().int("must be a whole number").nonnegative("must not be negative").optional(),
  changeRequestId: z
    .string()
    .min(1)
    .max(64, "must be at most 64 characters")
    .regex(/^[A-Za-z0-9._:-]+$/, "may contain only letters, digits and . _ : -")
    .optional(),
});

export const renderInputSchema = z.strictObject({
  blueprintId: id,
  sizeId: id,
  client: clientSchema,
  overrides: z.record(z.string(), z.string().max(2048, "must be at most 2048 characters")).optional(),
  metadata: renderMetadataSchema.optional(),
});

export type RenderInput = z.input<typeof renderInputSchema>;
export type ParsedRenderInput = z.output<typeof renderInputSchema>;
