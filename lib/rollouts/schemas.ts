// Zod schemas for rollouts, shared by the rollout form's actions, the API and tests. Field names
// match the form inputs ("waves.2.count"), so errors land under the field that caused them.
import { z } from "zod";
import { ValidationError, type FieldErrors } from "../errors";
import { environmentSchema, regionSchema } from "../render/schemas";
import { validatePlan, type WaveSpec } from "./plan";

const optionalText = z
  .string()
  .trim()
  .max(100, "Use at most 100 characters")
  .optional()
  .transform((v) => v || undefined);

/** Which clients a rollout targets. Every filter is optional; together they narrow the selection. */
export const selectionSchema = z.object({
  blueprintId: z.string().trim().min(1, "Choose a blueprint").default("stateless-web"),
  behindVersion: z
    .string()
    .trim()
    .regex(/^(\d+\.\d+\.\d+)?$/, "Use a version such as 1.1.0")
    .optional()
    .transform((v) => v || undefined),
  sizeId: optionalText,
  environment: environmentSchema.optional().or(z.literal("").transform(() => undefined)),
  region: regionSchema.optional().or(z.literal("").transform(() => undefined)),
  ownerId: optionalText,
});
export type Selection = z.infer<typeof selectionSchema>;

const whole = (what: string, min: number, max: number) =>
  z.coerce
    .number({ error: `${what} must be a number` })
    .int(`${what} must be a whole number`)
    .min(min, `${what} must be at least ${min}`)
    .max(max, `${what} must be at most ${max.toLocaleString("en")}`);

export const waveSchema = z.object({
  count: whole("The wave's size", 1, 100_000),
  maxConcurrency: whole("Concurrency", 1, 1_000),
  bakeMinutes: whole("Bake time", 0, 24 * 60),
  toleranceKind: z.enum(["count", "percent"], { error: "Choose failures or per cent" }).default("count"),
  toleranceValue: whole("Tolerance", 0, 100_000),
});

export const wavePlanSchema = z.object({
  waves: z.array(waveSchema).min(1, "A rollout needs at least one wave").max(50, "Use at most 50 waves"),
});

/** The edited plan as wave specs, or a ValidationError naming each field, checked against the selection's size. */
export function parseWavePlan(input: unknown, targetCount: number): WaveSpec[] {
  const parsed = wavePlanSchema.safeParse(input);
  if (!parsed.success) {
    const fieldErrors: FieldErrors = {};
    for (const issue of parsed.error.issues) {
      const key = issue.path.join(".").replace(/\.toleranceValue$|\.toleranceKind$/, ".tolerance") || "waves";
      (fieldErrors[key] ??= []).push(issue.message);
    }
    throw new ValidationError(fieldErrors);
  }
  const specs: WaveSpec[] = parsed.data.waves.map((w) => ({
    count: w.count,
    maxConcurrency: w.maxConcurrency,
    bakeMinutes: w.bakeMinutes,
    tolerance: { kind: w.toleranceKind, value: w.toleranceValue },
  }));
  const issues = validatePlan(specs, targetCount);
  if (issues.length) {
    const fieldErrors: FieldErrors = {};
    for (const issue of issues) (fieldErrors[issue.path] ??= []).push(issue.message);
    throw new ValidationError(fieldErrors);
  }
  return specs;
}

const id = z.string().trim().min(1, "Missing id").max(100, "Not a valid id");
const version = z.coerce.number({ error: "Reload the page and try again" }).int("Reload the page and try again").min(0);
const reason = z
  .string()
  .trim()
  .max(500, "Use at most 500 characters")
  .optional()
  .transform((v) => v || undefined);

/** The "new rollout" form: the selection and why. */
export const createRolloutSchema = selectionSchema.extend({ reason });

export const approveRolloutSchema = z.object({
  rolloutId: id,
  version,
  manifestHash: z
    .string()
    .trim()
    .regex(/^[0-9a-f]{64}$/, "Reload the page: the manifest it showed is not valid"),
  comment: reason,
});

export const controlRolloutSchema = z.object({
  rolloutId: id,
  version,
  control: z.enum(["pause", "resume", "abort"], { error: "Choose pause, resume or abort" }),
  reason,
});

export const skipTargetSchema = z.object({
  rolloutId: id,
  targetId: id,
  reason: z.string().trim().min(3, "Say why it is skipped (at least 3 characters)").max(500, "Use at most 500 characters"),
});

export const retryTargetSchema = z.object({ rolloutId: id, targetId: id });

/**
 * The wave plan form's flat fields ("waves.0.count", …) as the plan: rows left entirely empty are
 * dropped (the form offers one spare row to add a wave).
 */
export function wavesFromForm(fields: Record<string, unknown>): { waves: Record<string, unknown>[] } {
  const rows = new Map<number, Record<string, unknown>>();
  for (const [key, value] of Object.entries(fields)) {
    const match = /^waves\.(\d{1,2})\.(count|maxConcurrency|bakeMinutes|toleranceKind|toleranceValue)$/.exec(key);
    if (!match) continue;
    const index = Number(match[1]);
    rows.set(index, { ...(rows.get(index) ?? {}), [match[2]]: typeof value === "string" ? value.trim() : value });
  }
  const filled = [...rows.entries()]
    .sort(([a], [b]) => a - b)
    .map(([, row]) => row)
    .filter((row) => ["count", "maxConcurrency", "bakeMinutes", "toleranceValue"].some((k) => row[k] !== undefined && row[k] !== ""));
  return { waves: filled };
}

export const editWavesSchema = z
  .object({ rolloutId: id, version })
  .passthrough()
  .transform((input) => ({ rolloutId: input.rolloutId, version: input.version, waves: wavesFromForm(input) }));
