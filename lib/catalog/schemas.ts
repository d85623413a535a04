// Zod schemas for the blueprint data files. Strict objects: a misspelt key in a YAML file is an
// error naming that key, not a silently ignored setting.
import { z } from "zod";
import { VERSION_PATTERN } from "./versions";

const id = z.string().regex(/^[a-z][a-z0-9-]{0,39}$/, "must be lower-case letters, digits and hyphens, starting with a letter");
const paramName = z.string().regex(/^[A-Za-z0-9]+$/, "must be a CloudFormation parameter name");
const text = z.string().trim().min(1, "must not be empty");

/** A boolean test on a parameter ("true" means on), used by the cost model. */
const paramIf = <T extends z.ZodType>(branch: T) => z.strictObject({ if: paramName, then: branch, else: branch });

export type QuantityExpr =
  number | string | { multiply: QuantityExpr[] } | { add: QuantityExpr[] } | { if: string; then: QuantityExpr; else: QuantityExpr };
export const quantityExpr: z.ZodType<QuantityExpr> = z.lazy(() =>
  z.union([
    z.number().nonnegative(),
    paramName,
    z.strictObject({ multiply: z.array(quantityExpr).min(2) }),
    z.strictObject({ add: z.array(quantityExpr).min(2) }),
    paramIf(quantityExpr),
  ]),
);

const priceSegment = z.union([text, paramIf(text)]);
export type PriceSegment = z.infer<typeof priceSegment>;

export const costLineSchema = z.strictObject({
  item: text,
  price: z.array(priceSegment).min(1),
  unit: z.enum(["hour", "month"]),
  quantity: quantityExpr,
});
export type CostLineModel = z.infer<typeof costLineSchema>;

const match = z.record(paramName, z.string());
export const highlightSchema = z.strictObject({ text, when: match.optional(), unless: match.optional() });
export type HighlightModel = z.infer<typeof highlightSchema>;

export const overrideSchema = z
  .strictObject({
    label: text,
    description: text.optional(),
    values: z.array(z.string()).min(1).optional(),
    pattern: z
      .string()
      .refine((p) => {
        try {
          new RegExp(p, "u");
          return true;
        } catch {
          return false;
        }
      }, "must be a valid regular expression")
      .optional(),
  })
  .refine((o) => o.values !== undefined || o.pattern !== undefined, "needs `values` or `pattern`: free text is never accepted");

export const sizeParameterSchema = z.strictObject({
  label: text,
  unit: text.optional(),
  note: text.optional(),
  decreaseNote: text.optional(),
  whenTrue: text.optional(),
  whenFalse: text.optional(),
});
export type SizeParameterModel = z.infer<typeof sizeParameterSchema>;

export const WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"] as const;

/** A weekly maintenance window: its day and start in `timeZone`, and how long it stays open. */
export const maintenanceWindowSchema = z.strictObject({
  day: z.enum(WEEKDAYS),
  start: z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, "must be a time such as 02:00"),
  durationMinutes: z.number().int().min(15).max(1440),
  timeZone: z.string().refine((zone) => {
    try {
      new Intl.DateTimeFormat("en", { timeZone: zone });
      return true;
    } catch {
      return false;
    }
  }, "must be an IANA time zone such as Australia/Sydney"),
});
export type MaintenanceWindowModel = z.infer<typeof maintenanceWindowSchema>;

export const blueprintFileSchema = z.strictObject({
  name: text,
  version: z.string().regex(VERSION_PATTERN, "must be a version such as 1.2.0"),
  description: text,
  template: z
    .string()
    .regex(/^[\w.-]+\.(ya?ml|json)$/, "must be a file name in the blueprint folder")
    .default("template.yaml"),
  environmentParameter: paramName,
  productionMinimumSize: id,
  pricingRegion: z.string().regex(/^[a-z]{2}(-[a-z]+)+-\d$/, "must be an AWS region such as us-east-1"),
  approval: z.strictObject({
    twoApproverSizes: z.array(id).optional(),
    twoApproverProductionDecommission: z.boolean(),
  }),
  durations: z.record(
    z.string().regex(/^[A-Za-z0-9]+::[A-Za-z0-9]+::[A-Za-z0-9]+$/, "must be a resource type"),
    z.number().int().positive(),
  ),
  overrides: z.record(paramName, overrideSchema).default({}),
  sizeParameters: z.record(paramName, sizeParameterSchema),
  cost: z.array(costLineSchema).min(1),
  highlights: z.array(highlightSchema).default([]),
  // Parameters whose change interrupts the client (a resize, a failover): such a change waits for the maintenance window.
  disruptiveParameters: z.array(paramName).default([]),
  maintenanceWindow: maintenanceWindowSchema,
});

export const sizesFileSchema = z.strictObject({
  sizes: z
    .array(
      z.strictObject({
        id,
        label: text,
        suits: text,
        // Numbers are accepted and stringified: CloudFormation parameter values are strings.
        parameters: z.record(paramName, z.union([z.string(), z.number()]).transform(String)),
      }),
    )
    .min(1),
});

type PriceTree = number | { [key: string]: PriceTree };
const priceTree: z.ZodType<PriceTree> = z.lazy(() => z.union([z.number().nonnegative(), z.record(z.string(), priceTree)]));
export type PriceNode = PriceTree;

export const pricingFileSchema = z.strictObject({
  region: z.string().regex(/^[a-z]{2}(-[a-z]+)+-\d$/, "must be an AWS region such as us-east-1"),
  currency: z.literal("USD"),
  date: z.union([z.string(), z.date()]).transform((d) => (d instanceof Date ? d.toISOString().slice(0, 10) : d)),
  source: text,
  hoursPerMonth: z.number().positive(),
  prices: z.record(z.string(), priceTree),
});
export type PriceTable = z.infer<typeof pricingFileSchema>;

/** The parts of a CloudFormation parameter definition the catalog checks values against. */
export const templateParameterSchema = z.looseObject({
  Type: z.string(),
  Default: z.union([z.string(), z.number(), z.boolean()]).transform(String).optional(),
  AllowedValues: z.array(z.union([z.string(), z.number(), z.boolean()]).transform(String)).optional(),
  AllowedPattern: z.string().optional(),
  MinValue: z.union([z.number(), z.string()]).transform(Number).optional(),
  MaxValue: z.union([z.number(), z.string()]).transform(Number).optional(),
  MinLength: z.union([z.number(), z.string()]).transform(Number).optional(),
  MaxLength: z.union([z.number(), z.string()]).transform(Number).optional(),
});
export type TemplateParameter = z.infer<typeof templateParameterSchema>;

export const templateShapeSchema = z.looseObject({
  Parameters: z.record(paramName, templateParameterSchema).default({}),
  Resources: z
    .record(z.string(), z.looseObject({ Type: z.string() }))
    .refine((r) => Object.keys(r).length > 0, "must declare at least one resource"),
});
