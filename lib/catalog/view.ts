// View models for the catalog pages and the template download: each size rendered for a
// placeholder client, its guardrail status, the sizes side by side, and a comparison in plain
// words. Pure (reads only the cached catalog), so the pages stay thin and this is unit-tested.
import type { ChangelogEntry } from "./versions";
import { stringify } from "yaml";
import { z } from "zod";
import {
  allowedEnvironments,
  compareSizes,
  findSize,
  formatUsdDelta,
  getCatalog,
  productionMinimum,
  productionMinimumMessage,
  type Blueprint,
  type Catalog,
  type Cost,
  type JsonObject,
  type Size,
} from "./index";
import {
  RenderInputError,
  clientSchema,
  renderErrorsToFields,
  environmentSchema,
  maskParameters,
  noEchoNames,
  renderStack,
  type Environment,
  type RenderResult,
} from "../render";
import { capitalise } from "../text";
import { evaluateGuardrails, hasBlockingFindings, listGuardrailRules, type Finding } from "../guardrails";

/** The placeholder client every catalog template is rendered for. */
export const EXAMPLE_CLIENT = { displayName: "Example Client", owner: "catalog" } as const;

export function defaultEnvironment(blueprint: Blueprint, size: Size): Environment {
  return allowedEnvironments(blueprint, size)[0];
}

export function renderExample(
  blueprint: Blueprint,
  size: Size,
  options: { environment?: Environment; displayName?: string; catalog?: Catalog } = {},
): RenderResult {
  return renderStack(
    {
      blueprintId: blueprint.id,
      sizeId: size.id,
      client: {
        displayName: options.displayName ?? EXAMPLE_CLIENT.displayName,
        environment: options.environment ?? defaultEnvironment(blueprint, size),
        region: blueprint.pricingRegion,
        owner: EXAMPLE_CLIENT.owner,
      },
    },
    { catalog: options.catalog },
  );
}

const yamlCache = new Map<string, string>();

/**
 * The long-form template as YAML. Written as YAML 1.1 because CloudFormation reads 1.1: strings
 * such as "2010-09-09", "yes" or "on" come out quoted, so they stay strings there. Memoised by
 * the body's sha256 (rendering is deterministic) because stringify costs ~20 ms per template.
 */
export function templateYaml(rendered: Pick<RenderResult, "template" | "sha256">): string {
  let text = yamlCache.get(rendered.sha256);
  if (text === undefined) {
    text = stringify(rendered.template, { version: "1.1", lineWidth: 0 });
    if (yamlCache.size >= 32) yamlCache.clear();
    yamlCache.set(rendered.sha256, text);
  }
  return text;
}

export interface GuardrailStatus {
  findings: Finding[];
  ruleCount: number;
  blocking: boolean;
  headline: string;
}

export function guardrailStatus(template: JsonObject): GuardrailStatus {
  const findings = evaluateGuardrails(template);
  const ruleCount = listGuardrailRules().length;
  const errors = findings.filter((f) => f.severity === "error").length;
  const warnings = findings.length - errors;
  const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? "" : "s"}`;
  const headline =
    findings.length === 0
      ? `All ${ruleCount} guardrails pass`
      : [errors ? plural(errors, "error") : "", warnings ? plural(warnings, "warning") : ""].filter(Boolean).join(", ");
  return { findings, ruleCount, blocking: hasBlockingFindings(findings), headline };
}

/** One size parameter's value in words: flags as yes/no, units appended. */
function parameterWords(blueprint: Blueprint, size: Size, name: string): string {
  const value = size.parameters[name] ?? blueprint.templateParameters[name]?.Default ?? "";
  const unit = blueprint.sizeParameters[name]?.unit;
  if (value === "true") return "yes";
  if (value === "false") return "no";
  return unit ? `${value} ${unit}` : value;
}

/** "App instances ({InstanceType})" → "App instances": the size-specific part is in the cells. */
function costLabel(item: string): string {
  return item
    .replace(/\s*\([^()]*\{[A-Za-z0-9]+\}[^()]*\)/g, "")
    .replace(/\{[A-Za-z0-9]+\}/g, "")
    .replace(/\s+/g, " ")
    .trim();
}

export interface SizeView {
  id: string;
  label: string;
  suits: string;
  cost: Cost;
  environment: Environment;
  productionReady: boolean;
  twoApprovers: boolean;
  highlights: string[];
  resourceCount: number;
  guardrails: GuardrailStatus;
  templateHref: string;
}
export interface BlueprintView {
  id: string;
  name: string;
  description: string;
  builds: { title: string; text: string }[];
  sizes: SizeView[];
  /** Rows of the side-by-side table: one per size parameter, one value per size. */
  parameterRows: { name: string; label: string; values: string[] }[];
  /** One per cost-model line, one cell per size: the line's monthly amount and how it is made. */
  costRows: { label: string; cells: { monthlyUsd: number; quantity: number; unitUsd: number }[] }[];
  priceSource: { region: string; date: string; source: string; hoursPerMonth: number | undefined };
  productionMinimumLabel: string;
  version: string;
  changelog: ChangelogEntry[];
  /** The default maintenance window in words, e.g. "Sundays 02:00 for 4 hours (Australia/Sydney)". */
  maintenanceWindow: string;
  /** Labels of the parameters whose change waits for the maintenance window. */
  disruptiveParameters: string[];
}

/** A weekly window in words: "Sundays 02:00 for 4 hours (Australia/Sydney)". */
export function windowWords(w: { day: string; start: string; durationMinutes: number; timeZone: string }): string {
  const hours = w.durationMinutes / 60;
  const length = Number.isInteger(hours) ? `${hours} hour${hours === 1 ? "" : "s"}` : `${w.durationMinutes} minutes`;
  return `${capitalise(w.day)}s ${w.start} for ${length} (${w.timeZone})`;
}

export function blueprintView(blueprint: Blueprint, catalog: Catalog = getCatalog()): BlueprintView {
  const sizes = blueprint.sizes.map((size): SizeView => {
    const environment = defaultEnvironment(blueprint, size);
    const rendered = renderExample(blueprint, size, { environment, catalog });
    return {
      id: size.id,
      label: size.label,
      suits: size.suits,
      cost: size.cost,
      environment,
      productionReady: environment === "production",
      twoApprovers: blueprint.approval.twoApproverSizes.includes(size.id),
      highlights: rendered.summary.highlights,
      resourceCount: rendered.summary.resourceCount,
      guardrails: guardrailStatus(rendered.template),
      templateHref: `/catalog/${blueprint.id}/${size.id}`,
    };
  });
  const first = blueprint.sizes[0]?.cost;
  return {
    id: blueprint.id,
    name: blueprint.name,
    description: blueprint.description,
    builds: whatItBuilds(blueprint.readme),
    sizes,
    parameterRows: Object.entries(blueprint.sizeParameters).map(([name, words]) => ({
      name,
      label: capitalise(words.label),
      values: blueprint.sizes.map((s) => parameterWords(blueprint, s, name)),
    })),
    // computeCost emits one line per cost-model entry, in order, so lines line up across sizes.
    costRows: blueprint.costModel.map((line, i) => ({
      label: costLabel(line.item),
      cells: blueprint.sizes.map((s) => {
        const { monthlyUsd, quantity, unitUsd } = s.cost.lines[i];
        return { monthlyUsd, quantity, unitUsd };
      }),
    })),
    priceSource: {
      region: first?.region ?? blueprint.pricingRegion,
      date: first?.priceSource.date ?? "",
      source: first?.priceSource.source ?? "",
      hoursPerMonth: catalog.pricing[blueprint.pricingRegion]?.hoursPerMonth,
    },
    productionMinimumLabel: productionMinimum(blueprint)?.label ?? blueprint.productionMinimumSize,
    version: blueprint.version,
    changelog: blueprint.changelog,
    maintenanceWindow: windowWords(blueprint.maintenanceWindow),
    disruptiveParameters: blueprint.disruptiveParameters.map(
      (p) => blueprint.sizeParameters[p]?.label ?? blueprint.overrides.find((o) => o.parameter === p)?.label ?? p,
    ),
  };
}

export function catalogView(catalog: Catalog = getCatalog()): BlueprintView[] {
  return catalog.blueprints.map((b) => blueprintView(b, catalog));
}

/** Markdown inline marks → plain text (the README is trusted, but rendered as text, not HTML). */
function plainText(markdown: string): string {
  return markdown
    .replace(/\*\*|__|`/g, "")
    .replace(/(^|[\s(])[*_]([^*_]+)[*_]/g, "$1$2")
    .replace(/\s+/g, " ")
    .trim();
}

/** The top-level bullets of the README's "What it builds" section: "- **Title** — text". */
export function whatItBuilds(readme: string): { title: string; text: string }[] {
  const lines = readme.split("\n");
  const start = lines.findIndex((l) => /^## What it builds\s*$/.test(l));
  if (start < 0) return [];
  const bullets: string[] = [];
  for (const line of lines.slice(start + 1)) {
    if (line.startsWith("## ")) break;
    if (line.startsWith("- ")) bullets.push(line.slice(2));
    else if (bullets.length > 0 && line.trim()) bullets[bullets.length - 1] += ` ${line.trim().replace(/^- /, "")}`;
  }
  return bullets.map((text) => {
    const m = /^\*\*(.+?)\*\*\s*[—–-]\s*(.*)$/.exec(text);
    return m ? { title: plainText(m[1]), text: capitalise(plainText(m[2])) } : { title: "", text: capitalise(plainText(text)) };
  });
}

// ---- comparing two sizes

const compareQuerySchema = z.object({ from: z.string().optional(), to: z.string().optional() });

type SearchValue = string | string[] | undefined;
const first = (v: SearchValue) => (Array.isArray(v) ? v[0] : v);

export interface CompareForm {
  from: string;
  to: string;
  fieldErrors: Record<string, string[]>;
}

/** Reads ?from=&to=; missing values default to the two smallest sizes, unknown ones are field errors. */
export function parseCompareQuery(blueprint: Blueprint, query: Record<string, SearchValue>): CompareForm {
  const { from, to } = compareQuerySchema.parse({ from: first(query.from), to: first(query.to) });
  const fieldErrors: Record<string, string[]> = {};
  const pick = (field: "from" | "to", value: string | undefined, fallback: string) => {
    if (value === undefined || value === "") return fallback;
    if (findSize(blueprint, value)) return value;
    fieldErrors[field] = [`Choose one of ${blueprint.sizes.map((s) => s.label).join(", ")}`];
    return fallback;
  };
  const ids = blueprint.sizes.map((s) => s.id);
  return { from: pick("from", from, ids[0]), to: pick("to", to, ids[1] ?? ids[0]), fieldErrors };
}

export type ComparisonView = ReturnType<typeof comparisonView>;

/** The plain-language sentences (the monthly delta last), the changes and the delta. */
export function comparisonView(blueprint: Blueprint, fromId: string, toId: string) {
  const comparison = compareSizes(blueprint, fromId, toId);
  const from = findSize(blueprint, fromId)!;
  const to = findSize(blueprint, toId)!;
  return {
    from: { id: from.id, label: from.label, monthlyUsd: from.cost.monthlyUsd },
    to: { id: to.id, label: to.label, monthlyUsd: to.cost.monthlyUsd },
    changes: comparison.changes,
    sentences: comparison.sentences.map(capitalise),
    monthlyDeltaUsd: comparison.monthlyDeltaUsd,
    deltaText: capitalise(formatUsdDelta(comparison.monthlyDeltaUsd)),
  };
}

// ---- one size's template

export type TemplateView = ReturnType<typeof templateView>;

/** `requested` is the ?env= value; one the size may not use falls back to its default. */
export function templateView(blueprint: Blueprint, size: Size, requested?: string, catalog?: Catalog) {
  const environments = allowedEnvironments(blueprint, size);
  const environment = environments.find((e) => e === requested) ?? environments[0];
  const rendered = renderExample(blueprint, size, { environment, catalog });
  const yaml = templateYaml(rendered);
  const href = (format: string) => `/api/catalog/${blueprint.id}/${size.id}?${new URLSearchParams({ format, env: environment })}`;
  return {
    blueprint: { id: blueprint.id, name: blueprint.name },
    size: { id: size.id, label: size.label, suits: size.suits, monthlyUsd: size.cost.monthlyUsd },
    environment,
    environments,
    stackName: rendered.stackName,
    sha256: rendered.sha256,
    yaml,
    lineCount: yaml.split("\n").length - (yaml.endsWith("\n") ? 1 : 0),
    resourceCount: rendered.summary.resourceCount,
    resourcesByType: Object.entries(rendered.summary.byType).map(([type, count]) => ({ type, count })),
    parameters: maskParameters(rendered.parameters, noEchoNames(rendered.template)),
    tags: rendered.tags,
    highlights: rendered.summary.highlights,
    guardrails: guardrailStatus(rendered.template),
    downloads: [
      { label: "Download YAML", href: href("yaml") },
      { label: "Download JSON", href: href("json") },
    ],
  };
}

// ---- the download route's query and file

export const downloadQuerySchema = z.object({
  format: z.enum(["yaml", "json"], { error: "must be yaml or json" }).default("yaml"),
  env: environmentSchema.optional(),
  client: clientSchema.shape.displayName.optional(),
});

export type DownloadResult =
  | { ok: true; filename: string; contentType: string; body: string; sha256: string }
  | { ok: false; error: string; fieldErrors: Record<string, string[]> };

const invalid = (fieldErrors: Record<string, string[]>): DownloadResult => ({
  ok: false,
  error: "Some query parameters are not valid.",
  fieldErrors,
});

/**
 * The file for ?format=&env=&client=. JSON is the exact body CloudFormation receives, so its
 * sha256 is the one shown on the template page; YAML is the same template, easier to read.
 */
export function downloadFile(blueprint: Blueprint, size: Size, query: URLSearchParams): DownloadResult {
  const raw = Object.fromEntries(["format", "env", "client"].flatMap((k) => (query.has(k) ? [[k, query.get(k)]] : [])));
  const parsed = downloadQuerySchema.safeParse(raw);
  if (!parsed.success) return invalid(z.flattenError(parsed.error).fieldErrors as Record<string, string[]>);
  const { format, env, client } = parsed.data;
  const environments = allowedEnvironments(blueprint, size);
  if (env && !environments.includes(env)) {
    return invalid({
      env: [productionMinimumMessage(blueprint)],
    });
  }
  let rendered: RenderResult;
  try {
    rendered = renderExample(blueprint, size, { environment: env ?? environments[0], displayName: client });
  } catch (e) {
    if (!(e instanceof RenderInputError)) throw e;
    return invalid(renderErrorsToFields(e, { "client.displayName": "client", "client.environment": "env", sizeId: "env" }));
  }
  return format === "json"
    ? {
        ok: true,
        filename: `${rendered.stackName}.template.json`,
        contentType: "application/json; charset=utf-8",
        body: rendered.body,
        sha256: rendered.sha256,
      }
    : {
        ok: true,
        filename: `${rendered.stackName}.template.yaml`,
        contentType: "application/yaml; charset=utf-8",
        body: templateYaml(rendered),
        sha256: rendered.sha256,
      };
}
