import type { JsonObject } from "./cfn-yaml";
import type { ChangelogEntry } from "./versions";
import type { MaintenanceWindowModel, CostLineModel, HighlightModel, PriceTable, SizeParameterModel, TemplateParameter } from "./schemas";

export interface CostLine {
  item: string;
  quantity: number;
  /** Monthly price of one unit (hourly prices × the table's hours per month). */
  unitUsd: number;
  monthlyUsd: number;
}
export interface Cost {
  monthlyUsd: number;
  lines: CostLine[];
  region: string;
  /** Where the prices came from and when, as written in the price table. */
  priceSource: { date: string; source: string };
}

export interface Size {
  id: string;
  label: string;
  suits: string;
  /** 1 for the smallest; sizes.yaml lists them smallest first. */
  order: number;
  parameters: Record<string, string>;
  cost: Cost;
}

export interface Override {
  parameter: string;
  label: string;
  description?: string;
  values?: string[];
  pattern?: string;
  defaultValue: string;
}

export interface Blueprint {
  id: string;
  name: string;
  /** Semver from blueprint.yaml; every revision records the version it was rendered from. */
  version: string;
  /** CHANGELOG.md, newest first. */
  changelog: ChangelogEntry[];
  /** sha256 of blueprint.yaml, sizes.yaml and the template (versions.ts inputsDigest). */
  inputsDigest: string;
  /** Parameters whose change interrupts service; changing one waits for the maintenance window. */
  disruptiveParameters: string[];
  /** The default weekly maintenance window of a client on this blueprint. */
  maintenanceWindow: MaintenanceWindowModel;
  description: string;
  readme: string;
  sizes: Size[];
  approval: { twoApproverSizes: string[]; twoApproverProductionDecommission: boolean };
  /** Typical creation seconds per resource type, for progress estimates. */
  durations: Record<string, number>;
  overrides: Override[];
  productionMinimumSize: string;
  environmentParameter: string;
  pricingRegion: string;
  sizeParameters: Record<string, SizeParameterModel>;
  costModel: CostLineModel[];
  highlights: HighlightModel[];
  /** Parsed template (long-form intrinsics), deeply frozen: share it, never mutate it. */
  template: JsonObject;
  templateParameters: Record<string, TemplateParameter>;
  /** Absolute directory of the blueprint's files. */
  directory: string;
}

export interface Catalog {
  root: string;
  blueprints: Blueprint[];
  pricing: Record<string, PriceTable>;
}

export interface CatalogIssue {
  file: string;
  field: string;
  message: string;
}

/** A blueprint folder that cannot be loaded; each issue names the file and the field. */
export class CatalogError extends Error {
  constructor(readonly issues: CatalogIssue[]) {
    super(`Invalid blueprint catalog:\n${issues.map((i) => `  ${i.file}: ${i.field || "(file)"}: ${i.message}`).join("\n")}`);
    this.name = "CatalogError";
  }
}
