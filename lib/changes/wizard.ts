import { zodFieldErrors } from "../actions/zod-errors";
import { getBlueprint, listBlueprints, type Blueprint } from "../catalog";
import type { FieldErrors } from "../errors";
import { clientDetailsSchema } from "./schemas";

// The onboarding wizard keeps its state in the URL (details → size → review), so the back
// button and a shared link both work. Pure: decides which step to show and with what errors.

export type WizardStep = "details" | "size" | "review";

export interface WizardState {
  step: WizardStep;
  values: Record<string, string>;
  errors: FieldErrors;
  blueprint: Blueprint;
  details?: { displayName: string; environment: "production" | "staging"; region: string; blueprintId: string };
  sizeId?: string;
}

export function wizardState(params: Record<string, string | string[] | undefined>): WizardState {
  const values = Object.fromEntries(Object.entries(params).flatMap(([k, v]) => (typeof v === "string" ? [[k, v]] : [])));
  const blueprint = getBlueprint(values.blueprintId ?? "stateless-web") ?? listBlueprints()[0];
  const requested = (values.step as WizardStep | undefined) ?? "details";
  if (requested === "details") return { step: "details", values, errors: {}, blueprint };
  const parsed = clientDetailsSchema.safeParse({ ...values, blueprintId: blueprint.id });
  if (!parsed.success) return { step: "details", values, errors: zodFieldErrors(parsed.error), blueprint };
  const details = parsed.data as WizardState["details"];
  if (requested === "size" || !values.sizeId)
    return { step: "size", values, errors: requested === "review" ? { sizeId: ["Choose a size"] } : {}, blueprint, details };
  const size = blueprint.sizes.find((s) => s.id === values.sizeId);
  if (!size) return { step: "size", values, errors: { sizeId: ["Choose one of the sizes"] }, blueprint, details };
  const minimum = blueprint.sizes.find((s) => s.id === blueprint.productionMinimumSize);
  if (details!.environment === "production" && minimum && size.order < minimum.order) {
    return { step: "size", values, errors: { sizeId: [`Production needs at least the ${minimum.label} size`] }, blueprint, details };
  }
  return { step: "review", values, errors: {}, blueprint, details, sizeId: size.id };
}

/** The query string that carries the wizard's answers to the next step. */
export function wizardHref(values: Record<string, string>, step: WizardStep): string {
  const keep = ["displayName", "environment", "region", "blueprintId", "sizeId"];
  const query = new URLSearchParams(Object.entries(values).filter(([k, v]) => keep.includes(k) && v));
  query.set("step", step);
  return `/clients/new?${query.toString()}`;
}
