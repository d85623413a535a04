import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { createHash } from "node:crypto";
import { cpSync } from "node:fs";
import path from "node:path";
import { allowedEnvironments, findSize, getBlueprint, loadCatalog } from "./index";
import { copyTemplates } from "../../test/support/templates-copy";
import { parseCfnYaml } from "./cfn-yaml";
import { blueprintView, catalogView, comparisonView, downloadFile, parseCompareQuery, templateView, whatItBuilds } from "./view";

const bp = getBlueprint("stateless-web")!;
const size = (id: string) => findSize(bp, id)!;

describe("catalog view", () => {
  const view = blueprintView(bp);

  it("lists every size smallest first with its cost, cost lines and price source", () => {
    expect(view.sizes.map((s) => s.id)).toEqual(["small", "medium", "large", "enterprise"]);
    for (const s of view.sizes) {
      expect(s.cost.monthlyUsd).toBeGreaterThan(0);
      expect(s.cost.lines.reduce((sum, l) => sum + l.monthlyUsd, 0)).toBeCloseTo(s.cost.monthlyUsd, 1);
    }
    expect(view.priceSource).toMatchObject({ region: "us-east-1", hoursPerMonth: 730, date: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/) });
    expect(view.priceSource.source).toContain("aws.amazon.com");
  });

  it("renders sizes below the production minimum for staging, the rest for production", () => {
    expect(view.sizes.map((s) => [s.id, s.environment])).toEqual([
      ["small", "staging"],
      ["medium", "production"],
      ["large", "production"],
      ["enterprise", "production"],
    ]);
    expect(allowedEnvironments(bp, size("small"))).toEqual(["staging"]);
    expect(view.productionMinimumLabel).toBe("Medium");
  });

  it("reports guardrails per size: all pass, or the findings", () => {
    const small = view.sizes[0].guardrails;
    expect(small.findings).toEqual([]);
    expect(small.headline).toBe(`All ${small.ruleCount} guardrails pass`);
    // Production without a certificate warns (the placeholder client has none), but blocks nothing.
    const large = view.sizes[2].guardrails;
    expect(large.blocking).toBe(false);
    expect(large.findings.map((f) => f.ruleId)).toContain("alb-https-production");
    expect(large.headline).toBe("1 warning");
  });

  it("puts the key parameters side by side in words", () => {
    const row = (name: string) => view.parameterRows.find((r) => r.name === name)?.values;
    expect(row("InstanceType")).toEqual(["t3.small", "t3.medium", "m6i.large", "m6i.xlarge"]);
    expect(row("DatabaseMultiAz")).toEqual(["no", "yes", "yes", "yes"]);
    expect(row("DatabaseBackupRetentionDays")).toEqual(["7 days", "14 days", "14 days", "35 days"]);
    expect(row("AzCount")).toEqual(["2", "2", "2", "3"]);
    expect(view.parameterRows.find((r) => r.name === "InstanceType")?.label).toBe("Instance type");
  });

  it("lines up the cost lines across sizes, summing to each size's monthly estimate", () => {
    expect(view.costRows.map((r) => r.label)).toEqual(
      expect.arrayContaining(["App instances", "NAT gateways", "Redis nodes", "Database instance"]),
    );
    expect(view.costRows.find((r) => r.label === "App instances")?.cells[2]).toMatchObject({
      quantity: 3,
      monthlyUsd: size("large").cost.lines[0].monthlyUsd,
    });
    view.sizes.forEach((s, i) =>
      expect(view.costRows.reduce((sum, r) => sum + r.cells[i].monthlyUsd, 0)).toBeCloseTo(s.cost.monthlyUsd, 1),
    );
  });

  it("summarises what the blueprint builds from its README", () => {
    expect(view.builds.map((b) => b.title)).toEqual(
      expect.arrayContaining(["Network", "Load balancer", "App tier", "Cache", "Bucket", "Database", "Security groups", "IAM"]),
    );
    expect(view.builds.every((b) => !/\*\*|`/.test(b.text))).toBe(true);
    expect(whatItBuilds("# Nothing here")).toEqual([]);
    expect(whatItBuilds("## What it builds\n\n- **A** — one\n  more\n  - *sub*: x\n\n## Next\n- not this")).toEqual([
      { title: "A", text: "One more sub: x" },
    ]);
  });

  it("covers every blueprint, each with its own name and sizes", () => {
    const copy = copyTemplates();
    try {
      cpSync(path.join(copy.root, "stateless-web"), path.join(copy.root, "second-web"), { recursive: true });
      copy.edit("second-web/blueprint.yaml", (t) => t.replace("name: Stateless web application", "name: Second web"));
      copy.edit("second-web/sizes.yaml", (t) => t.replace(/^  - id: enterprise\n[\s\S]*$/m, ""));
      copy.edit("second-web/blueprint.yaml", (t) => t.replace("twoApproverSizes: [large, enterprise]", "twoApproverSizes: [large]"));
      const catalog = loadCatalog(copy.root);
      expect(catalogView(catalog).map((b) => [b.id, b.name, b.sizes.map((s) => s.id)])).toEqual([
        ["second-web", "Second web", ["small", "medium", "large"]],
        ["stateless-web", "Stateless web application", ["small", "medium", "large", "enterprise"]],
      ]);
    } finally {
      copy.dispose();
    }
  });
});

describe("comparison", () => {
  it.each<[Record<string, string | string[] | undefined>, { from: string; to: string }, string[]]>([
    [{}, { from: "small", to: "medium" }, []],
    [{ from: "small", to: "large" }, { from: "small", to: "large" }, []],
    [{ from: ["large", "small"], to: "enterprise" }, { from: "large", to: "enterprise" }, []],
    [{ from: "huge", to: "large" }, { from: "small", to: "large" }, ["from"]],
    [{ from: "small", to: "../x" }, { from: "small", to: "medium" }, ["to"]],
  ])("reads the query %j", (query, expected, errorFields) => {
    const form = parseCompareQuery(bp, query);
    expect({ from: form.from, to: form.to }).toEqual(expected);
    expect(Object.keys(form.fieldErrors)).toEqual(errorFields);
  });

  it("says small → large in plain language with the monthly delta", () => {
    const c = comparisonView(bp, "small", "large");
    expect(c.sentences).toContain("Instance type t3.small → m6i.large (instances are replaced one at a time)");
    expect(c.sentences).toContain("Database becomes Multi-AZ (a brief failover during the change)");
    expect(c.monthlyDeltaUsd).toBeCloseTo(size("large").cost.monthlyUsd - size("small").cost.monthlyUsd, 2);
    expect(c.deltaText).toMatch(/^\+\$\d[\d,]*\/month$/);
    expect(c.sentences.at(-1)).toBe(c.deltaText);
    expect(comparisonView(bp, "large", "large")).toMatchObject({
      changes: [],
      sentences: ["No change in the monthly estimate"],
      deltaText: "No change in the monthly estimate",
    });
  });
});

describe("template view", () => {
  it("shows the rendered template as YAML that means the same as the body that is hashed", () => {
    const t = templateView(bp, size("large"));
    expect(t.environment).toBe("production");
    expect(t.stackName).toBe("example-client-stateless-web-production");
    expect(t.yaml).toContain("AWS::RDS::DBInstance");
    expect(parseCfnYaml(t.yaml)).toEqual(JSON.parse(downloadJson("large")));
    expect(t.lineCount).toBe(t.yaml.trimEnd().split("\n").length);
    expect(t.resourcesByType.reduce((n, r) => n + r.count, 0)).toBe(t.resourceCount);
    expect(t.tags).toContainEqual({ Key: "stackport:owner", Value: "catalog" });
    expect(t.downloads.map((d) => d.href)).toEqual([
      "/api/catalog/stateless-web/large?format=yaml&env=production",
      "/api/catalog/stateless-web/large?format=json&env=production",
    ]);
  });

  it("quotes strings CloudFormation's YAML 1.1 would read as something else", () => {
    const { yaml } = templateView(bp, size("medium"));
    expect(yaml).toMatch(/^AWSTemplateFormatVersion: "2010-09-09"$/m);
    expect(parse(yaml, { version: "1.1" })).toEqual(parse(yaml));
  });

  it.each([
    ["staging", "staging"],
    ["production", "staging"], // small cannot run in production
    ["nonsense", "staging"],
  ])("small with ?env=%s shows %s", (requested, shown) => {
    expect(templateView(bp, size("small"), requested).environment).toBe(shown);
  });
});

function downloadJson(sizeId: string): string {
  const file = downloadFile(bp, size(sizeId), new URLSearchParams({ format: "json" }));
  if (!file.ok) throw new Error(file.error);
  return file.body;
}

describe("download file", () => {
  it("defaults to YAML for the size's default environment", () => {
    const file = downloadFile(bp, size("large"), new URLSearchParams());
    expect(file).toMatchObject({
      ok: true,
      filename: "example-client-stateless-web-production.template.yaml",
      contentType: "application/yaml; charset=utf-8",
    });
    if (file.ok) expect(parse(file.body).Resources.Database.Type).toBe("AWS::RDS::DBInstance");
  });

  it("serves JSON as the exact body whose sha256 the page shows", () => {
    const file = downloadFile(bp, size("medium"), new URLSearchParams({ format: "json", env: "staging", client: "Café & Co" }));
    if (!file.ok) throw new Error(file.error);
    expect(file.filename).toBe("cafe-and-co-stateless-web-staging.template.json");
    expect(createHash("sha256").update(file.body).digest("hex")).toBe(file.sha256);
  });

  it.each<[Record<string, string>, string, RegExp]>([
    [{ format: "xml" }, "format", /yaml or json/],
    [{ env: "prod" }, "env", /production or staging/],
    [{ env: "production" }, "env", /at least the Medium size/],
    [{ client: " " }, "client", /required/],
    [{ client: "x".repeat(101) }, "client", /at most 100/],
    [{ client: "日本" }, "client", /stack name/],
  ])("rejects %j on the %s field", (query, field, message) => {
    const file = downloadFile(bp, size("small"), new URLSearchParams(query));
    expect(file.ok).toBe(false);
    if (!file.ok) expect(file.fieldErrors[field]?.join(" ")).toMatch(message);
  });
});
