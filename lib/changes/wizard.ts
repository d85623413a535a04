import { zodFieldErrors } from "../actions/zod-errors";
import {
  estimateCost,
  findSize,
  getBlueprint,
  listBlueprints,
  productionMinimumMessage,
  sizeAllowedIn,
  type Blueprint,
  type Cost,
} from "../catalog";
import { isExpectedError, ValidationError, type FieldErrors } from "../errors";
import { propose, type Proposal } from "./proposal";
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
  const size = findSize(blueprint, values.sizeId);
  if (!size) return { step: "size", values, errors: { sizeId: ["Choose one of the sizes"] }, blueprint, details };
  if (!sizeAllowedIn(blueprint, size, details!.environment)) {
    return { step: "size", values, errors: { sizeId: [productionMinimumMessage(blueprint)] }, blueprint, details };
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

export type ReviewModel =
  | { ok: true; proposal: Proposal; cost: Cost | undefined; sizeLabel: string }
  /** The answers cannot be rendered: one line per problem, naming the field where there is one. */
  | { ok: false; problems: string[] };

/** The review step: what the chosen size builds and costs for this client, or why it cannot be rendered. */
export function reviewModel(state: WizardState, owner: string): ReviewModel {
  const details = state.details!;
  const sizeId = state.sizeId!;
  try {
    const proposal = propose({ blueprintId: state.blueprint.id, sizeId, client: { ...details, owner }, revision: 1 });
    const cost = estimateCost(state.blueprint, sizeId, { region: details.region });
    return { ok: true, proposal, cost, sizeLabel: findSize(state.blueprint, sizeId)?.label ?? sizeId };
  } catch (error) {
    if (!isExpectedError(error)) throw error;
    const fields = error instanceof ValidationError ? Object.entries(error.fieldErrors).map(([f, m]) => `${f}: ${m.join(" ")}`) : [];
    return { ok: false, problems: fields.length ? fields : [error.message] };
  }
}
