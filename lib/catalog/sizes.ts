// The size rules of a blueprint, in one place: finding a size, the production minimum, and which
// environments a size may run in. Pure; render, the onboarding wizard, the size step, the catalog
// and the download route all ask here.
import { capitalise } from "../text";
import type { Blueprint, Size } from "./types";

export const ENVIRONMENTS = ["production", "staging"] as const;
export type Environment = (typeof ENVIRONMENTS)[number];

export function findSize(blueprint: Blueprint, sizeId: string): Size | undefined {
  return blueprint.sizes.find((s) => s.id === sizeId);
}

/** The smallest size production may run (blueprint.yaml's productionMinimumSize). */
export function productionMinimum(blueprint: Blueprint): Size | undefined {
  return findSize(blueprint, blueprint.productionMinimumSize);
}

/** Whether `size` may run in `environment`: staging always, production from the minimum up. */
export function sizeAllowedIn(blueprint: Blueprint, size: Size, environment: Environment): boolean {
  const minimum = productionMinimum(blueprint);
  return environment !== "production" || !minimum || size.order >= minimum.order;
}

/** Staging always; production only from the blueprint's production minimum size up (production first). */
export function allowedEnvironments(blueprint: Blueprint, size: Size): Environment[] {
  return ENVIRONMENTS.filter((environment) => sizeAllowedIn(blueprint, size, environment));
}

/** "production needs at least the Medium size": the one wording of the rule (render's issues are lower-case rules). */
export function productionMinimumRule(blueprint: Blueprint): string {
  return `production needs at least the ${productionMinimum(blueprint)?.label ?? blueprint.productionMinimumSize} size`;
}

/** The rule as a field's message: "Production needs at least the Medium size". */
export function productionMinimumMessage(blueprint: Blueprint): string {
  return capitalise(productionMinimumRule(blueprint));
}
