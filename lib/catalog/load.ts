// Loads every blueprint folder under a templates root and cross-checks the files against each
// other and against the template, so a broken blueprint fails at load with file + field, not at
// deploy time in front of a client.
import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { parse } from "yaml";
import type { z } from "zod";
import { deepFreeze, parseCfnYaml } from "./cfn-yaml";
import { checkParameterValue } from "./parameters";
import { CostModelError, computeCost, interpolate } from "./pricing";
import { blueprintFileSchema, pricingFileSchema, sizesFileSchema, templateShapeSchema, type PriceTable } from "./schemas";
import { inputsDigest, parseChangelog } from "./versions";
import { CatalogError, type Blueprint, type Catalog, type CatalogIssue, type Size } from "./types";

const PRICING_DIR = "pricing";
/** Folders under templates/ that are not client blueprints: price tables, and the template that deploys Stackport itself. */
const NOT_BLUEPRINTS = new Set([PRICING_DIR, "portal"]);

function fieldOf(pathParts: readonly PropertyKey[]): string {
  return pathParts.reduce<string>((acc, p) => (typeof p === "number" ? `${acc}[${p}]` : acc ? `${acc}.${String(p)}` : String(p)), "");
}

class IssueCollector {
  readonly issues: CatalogIssue[] = [];
  constructor(private readonly root: string) {}
  file(abs: string): string {
    return path.join(path.basename(this.root), path.relative(this.root, abs));
  }
  add(abs: string, field: string, message: string): void {
    this.issues.push({ file: this.file(abs), field, message });
  }
  /** Read + parse + validate one data file; undefined (with issues recorded) if any step fails. */
  parseFile<S extends z.ZodType>(
    abs: string,
    schema: S,
    parser: (text: string) => unknown = (t) => parse(t, { version: "1.1" }),
  ): z.output<S> | undefined {
    return this.parseRaw(abs, schema, parser)?.data;
  }
  /** Like parseFile, but also returns the parsed text untouched by zod transforms. */
  parseRaw<S extends z.ZodType>(
    abs: string,
    schema: S,
    parser: (text: string) => unknown,
  ): { raw: unknown; data: z.output<S> } | undefined {
    if (!existsSync(abs)) {
      this.add(abs, "", "file is missing");
      return undefined;
    }
    let raw: unknown;
    try {
      raw = parser(readFileSync(abs, "utf8"));
    } catch (e) {
      this.add(abs, "", `cannot be parsed: ${(e as Error).message.split("\n")[0]}`);
      return undefined;
    }
    const result = schema.safeParse(raw);
    if (!result.success) {
      for (const issue of result.error.issues) {
        // Name each unknown key as the field, so a typo points at itself.
        if (issue.code === "unrecognized_keys") for (const key of issue.keys) this.add(abs, fieldOf([...issue.path, key]), "unknown key");
        else this.add(abs, fieldOf(issue.path), issue.message);
      }
      return undefined;
    }
    return { raw, data: result.data };
  }
}

function loadPricing(root: string, c: IssueCollector): Record<string, PriceTable> {
  const dir = path.join(root, PRICING_DIR);
  const out: Record<string, PriceTable> = {};
  if (!existsSync(dir)) return out;
  for (const name of readdirSync(dir)
    .filter((n) => n.endsWith(".yaml"))
    .sort()) {
    const file = path.join(dir, name);
    const table = c.parseFile(file, pricingFileSchema);
    if (!table) continue;
    if (`${table.region}.yaml` !== name) c.add(file, "region", `is ${table.region} but the file is named ${name}`);
    else out[table.region] = table;
  }
  return out;
}

function loadBlueprint(root: string, id: string, pricing: Record<string, PriceTable>, c: IssueCollector): Blueprint | undefined {
  const dir = path.join(root, id);
  const before = c.issues.length;
  const bpFile = path.join(dir, "blueprint.yaml");
  const sizesFile = path.join(dir, "sizes.yaml");
  const readmeFile = path.join(dir, "README.md");
  const changelogFile = path.join(dir, "CHANGELOG.md");
  if (!/^[a-z][a-z0-9-]{0,39}$/.test(id)) c.add(dir, "", "folder name (the blueprint id) must be lower-case letters, digits and hyphens");
  const bp = c.parseFile(bpFile, blueprintFileSchema);
  const sizesDoc = c.parseFile(sizesFile, sizesFileSchema);
  const readme = existsSync(readmeFile) ? readFileSync(readmeFile, "utf8") : (c.add(readmeFile, "", "file is missing"), "");
  if (!bp || !sizesDoc) return undefined;
  const templateFile = path.join(dir, bp.template);
  const parsedTemplate = c.parseRaw(templateFile, templateShapeSchema, parseCfnYaml);
  if (!parsedTemplate) return undefined;
  const template = parsedTemplate.data;
  const changelog = existsSync(changelogFile)
    ? parseChangelog(readFileSync(changelogFile, "utf8"))
    : (c.add(changelogFile, "", "file is missing"), { entries: [], issues: [] });
  for (const issue of changelog.issues) c.add(changelogFile, `line ${issue.line}`, issue.message);
  if (changelog.entries.length > 0 && changelog.entries[0].version !== bp.version)
    c.add(changelogFile, "", `the newest entry is ${changelog.entries[0].version} but blueprint.yaml says version ${bp.version}`);

  const tParams = template.Parameters;
  const defaults: Record<string, string> = {};
  for (const [name, def] of Object.entries(tParams)) if (def.Default !== undefined) defaults[name] = def.Default;
  const envDef = tParams[bp.environmentParameter];
  if (!envDef) c.add(bpFile, "environmentParameter", `template has no parameter ${bp.environmentParameter}`);
  else
    for (const env of ["production", "staging"]) {
      const problem = checkParameterValue(envDef, env);
      if (problem) c.add(bpFile, "environmentParameter", `template parameter ${bp.environmentParameter} rejects "${env}": ${problem}`);
    }

  for (const [name, o] of Object.entries(bp.overrides)) {
    const field = `overrides.${name}`;
    const def = tParams[name];
    if (!def) c.add(bpFile, field, `template has no parameter ${name}`);
    else if (def.Default === undefined) c.add(bpFile, field, `template parameter ${name} needs a Default to be optional`);
    else
      for (const v of o.values ?? []) {
        const problem = checkParameterValue(def, v);
        if (problem) c.add(bpFile, `${field}.values`, `"${v}" is rejected by the template: ${problem}`);
      }
    if (name === bp.environmentParameter) c.add(bpFile, field, "the environment comes from the client, it cannot be overridden");
  }
  for (const name of bp.disruptiveParameters) {
    if (!tParams[name]) c.add(bpFile, "disruptiveParameters", `template has no parameter ${name}`);
  }
  for (const name of Object.keys(bp.sizeParameters)) {
    if (!tParams[name]) c.add(bpFile, `sizeParameters.${name}`, `template has no parameter ${name}`);
  }

  const seen = new Set<string>();
  const sizes: Size[] = [];
  sizesDoc.sizes.forEach((s, i) => {
    const at = `sizes[${i}]`;
    if (seen.has(s.id)) c.add(sizesFile, `${at}.id`, `duplicate size id ${s.id}`);
    seen.add(s.id);
    for (const [name, value] of Object.entries(s.parameters)) {
      const field = `${at}.parameters.${name}`;
      const def = tParams[name];
      if (!def) c.add(sizesFile, field, `template has no parameter ${name}`);
      else if (name === bp.environmentParameter || name in bp.overrides)
        c.add(sizesFile, field, `${name} is set by the client or an override, not by a size`);
      else if (!bp.sizeParameters[name])
        c.add(bpFile, `sizeParameters.${name}`, `missing: sizes.yaml sets ${name}, so comparisons need its label`);
      else {
        const problem = checkParameterValue(def, value);
        if (problem) c.add(sizesFile, field, `${JSON.stringify(value)} ${problem}`);
      }
    }
    const params = { ...defaults, ...s.parameters, [bp.environmentParameter]: "production" };
    for (const name of Object.keys(tParams)) {
      if (params[name] === undefined) c.add(sizesFile, `${at}.parameters.${name}`, `missing: template parameter ${name} has no Default`);
    }
    for (const [j, h] of bp.highlights.entries()) {
      try {
        interpolate(h.text, params);
      } catch (e) {
        c.add(bpFile, `highlights[${j}].text`, (e as Error).message);
      }
    }
    let cost: Size["cost"] | undefined;
    for (const [region, table] of Object.entries(pricing)) {
      try {
        const computed = computeCost(bp.cost, params, table);
        if (region === bp.pricingRegion) cost = computed;
      } catch (e) {
        if (!(e instanceof CostModelError)) throw e;
        const isPrice = e.field.startsWith("prices.");
        c.add(
          isPrice ? path.join(root, PRICING_DIR, `${region}.yaml`) : bpFile,
          isPrice ? e.field : "cost",
          `${e.message} (needed by ${id} size ${s.id})`,
        );
      }
    }
    if (!pricing[bp.pricingRegion]) c.add(bpFile, "pricingRegion", `no price table ${PRICING_DIR}/${bp.pricingRegion}.yaml`);
    if (cost) sizes.push({ id: s.id, label: s.label, suits: s.suits, order: i + 1, parameters: s.parameters, cost });
  });

  const sizeIds = sizesDoc.sizes.map((s) => s.id);
  if (!sizeIds.includes(bp.productionMinimumSize)) c.add(bpFile, "productionMinimumSize", `unknown size ${bp.productionMinimumSize}`);
  const twoApproverSizes = bp.approval.twoApproverSizes ?? sizeIds.slice(-2);
  for (const [i, s] of twoApproverSizes.entries()) {
    if (!sizeIds.includes(s)) c.add(bpFile, `approval.twoApproverSizes[${i}]`, `unknown size ${s}`);
  }
  const types = new Set(Object.values(template.Resources).map((r) => r.Type));
  for (const type of [...types].sort()) {
    if (bp.durations[type] === undefined)
      c.add(bpFile, `durations.${type}`, "missing: every resource type in the template needs a typical creation time");
  }

  if (c.issues.length > before) return undefined;
  return {
    id,
    name: bp.name,
    version: bp.version,
    changelog: changelog.entries,
    inputsDigest: inputsDigest({
      blueprint: readFileSync(bpFile, "utf8"),
      sizes: readFileSync(sizesFile, "utf8"),
      template: readFileSync(templateFile, "utf8"),
    }),
    disruptiveParameters: bp.disruptiveParameters,
    maintenanceWindow: bp.maintenanceWindow,
    description: bp.description,
    readme,
    sizes,
    approval: { twoApproverSizes, twoApproverProductionDecommission: bp.approval.twoApproverProductionDecommission },
    durations: bp.durations,
    overrides: Object.entries(bp.overrides).map(([parameter, o]) => ({ parameter, ...o, defaultValue: defaults[parameter] ?? "" })),
    productionMinimumSize: bp.productionMinimumSize,
    environmentParameter: bp.environmentParameter,
    pricingRegion: bp.pricingRegion,
    sizeParameters: bp.sizeParameters,
    costModel: bp.cost,
    highlights: bp.highlights,
    template: parsedTemplate.raw as Blueprint["template"],
    templateParameters: tParams,
    directory: dir,
  };
}

/** Load and validate every blueprint under `root` (uncached). Throws CatalogError listing every problem. */
export function loadCatalog(root: string): Catalog {
  const abs = path.resolve(root);
  const c = new IssueCollector(abs);
  if (!existsSync(abs)) throw new CatalogError([{ file: abs, field: "", message: "templates folder does not exist" }]);
  const pricing = loadPricing(abs, c);
  const blueprints: Blueprint[] = [];
  const folders = readdirSync(abs, { withFileTypes: true })
    .filter((d) => d.isDirectory() && !NOT_BLUEPRINTS.has(d.name) && !d.name.startsWith("."))
    .map((d) => d.name)
    .sort();
  for (const id of folders) {
    const bp = loadBlueprint(abs, id, pricing, c);
    if (bp) blueprints.push(bp);
  }
  if (c.issues.length > 0) throw new CatalogError(c.issues);
  return deepFreeze({ root: abs, blueprints, pricing });
}
