// Blueprint catalog: every folder under templates/ (except pricing/ and portal/) is a blueprint. Pure — it
// reads files but touches no database — and cached after the first successful load, because the
// data only changes with a deploy.
import path from "node:path";
import { computeCost } from "./pricing";
import { loadCatalog } from "./load";
import type { Blueprint, Catalog, Cost } from "./types";

import { findSize } from "./sizes";

export { loadCatalog } from "./load";
export { compareSizes, formatUsdDelta, type SizeChange, type SizeComparison } from "./compare";
export { checkParameterValue, matchesPattern } from "./parameters";
export { parseCfnYaml, deepFreeze, isJsonObject, type Json, type JsonObject } from "./cfn-yaml";
export { interpolate } from "./pricing";
export { compareVersions, entriesBetween, type ChangelogEntry } from "./versions";
export {
  ENVIRONMENTS,
  allowedEnvironments,
  findSize,
  productionMinimum,
  productionMinimumMessage,
  productionMinimumRule,
  sizeAllowedIn,
  type Environment,
} from "./sizes";
export { CatalogError, type Blueprint, type Catalog, type CatalogIssue, type Cost, type CostLine, type Override, type Size } from "./types";
export type { PriceTable, HighlightModel, SizeParameterModel, TemplateParameter } from "./schemas";

/** Where the portal's blueprints live: `templates/` at the project root (the working directory of next, tsx and vitest). */
export const DEFAULT_TEMPLATES_ROOT = path.join(process.cwd(), "templates");

let cached: Catalog | undefined;

/** The default catalog, loaded once. Throws CatalogError (file + field) if any blueprint is broken. */
export function getCatalog(): Catalog {
  cached ??= loadCatalog(DEFAULT_TEMPLATES_ROOT);
  return cached;
}

export function listBlueprints(catalog: Catalog = getCatalog()): Blueprint[] {
  return catalog.blueprints;
}

export function getBlueprint(id: string, catalog: Catalog = getCatalog()): Blueprint | undefined {
  return catalog.blueprints.find((b) => b.id === id);
}

export function listPricedRegions(catalog: Catalog = getCatalog()): string[] {
  return Object.keys(catalog.pricing).sort();
}

/**
 * Monthly estimate for a size in a given region, with the client's overrides (e.g. MySQL instead
 * of PostgreSQL); undefined when the catalog has no price table for that region.
 */
export function estimateCost(
  blueprint: Blueprint,
  sizeId: string,
  options: { region?: string; overrides?: Record<string, string>; catalog?: Catalog } = {},
): Cost | undefined {
  const catalog = options.catalog ?? getCatalog();
  const table = catalog.pricing[options.region ?? blueprint.pricingRegion];
  const size = findSize(blueprint, sizeId);
  if (!table || !size) return undefined;
  const defaults = Object.fromEntries(
    Object.entries(blueprint.templateParameters).flatMap(([k, d]) => (d.Default === undefined ? [] : [[k, d.Default]])),
  );
  return computeCost(blueprint.costModel, { ...defaults, ...size.parameters, ...options.overrides }, table);
}
