import { cpSync, readFileSync } from "node:fs";
import path from "node:path";
import { parse } from "yaml";
import { afterEach, describe, expect, it } from "vitest";
import { CatalogError, DEFAULT_TEMPLATES_ROOT, estimateCost, getBlueprint, listBlueprints, listPricedRegions, loadCatalog } from "./index";
import { copyTemplates, type TemplatesCopy } from "../../test/support/templates-copy";

describe("catalog: the real templates", () => {
  const bp = getBlueprint("stateless-web");

  it("loads stateless-web with its sizes smallest first", () => {
    expect(listBlueprints().map((b) => b.id)).toContain("stateless-web");
    expect(bp?.sizes.map((s) => [s.id, s.order])).toEqual([
      ["small", 1],
      ["medium", 2],
      ["large", 3],
      ["enterprise", 4],
    ]);
    expect(bp?.readme).toMatch(/^# Stateless web application/);
    expect(bp?.approval).toEqual({ twoApproverSizes: ["large", "enterprise"], twoApproverProductionDecommission: true });
    expect(bp?.durations["AWS::RDS::DBInstance"]).toBeGreaterThanOrEqual(900);
    expect(bp?.overrides.map((o) => o.parameter)).toEqual(["DatabaseEngine", "CertificateArn", "HealthCheckPath", "AppPort", "VpcCidr"]);
    expect(getBlueprint("nope")).toBeUndefined();
    expect(listPricedRegions()).toEqual(expect.arrayContaining(["ap-southeast-2", "us-east-1"]));
  });

  it("computes each size's cost from the price table, not from sizes.yaml", () => {
    const table = parse(readFileSync(path.join(DEFAULT_TEMPLATES_ROOT, "pricing/us-east-1.yaml"), "utf8"));
    const sizesData = JSON.stringify(parse(readFileSync(path.join(DEFAULT_TEMPLATES_ROOT, "stateless-web/sizes.yaml"), "utf8")));
    expect(sizesData).not.toMatch(/cost|usd|price|\$/i);
    for (const size of bp!.sizes) {
      const instances = size.cost.lines.find((l) => l.item.startsWith("App instances"))!;
      const expected = table.prices.ec2[size.parameters.InstanceType] * table.hoursPerMonth * Number(size.parameters.AsgDesiredCapacity);
      expect(instances.monthlyUsd).toBeCloseTo(expected, 2);
      const sum = size.cost.lines.reduce((s, l) => s + l.monthlyUsd, 0);
      expect(size.cost.monthlyUsd).toBeCloseTo(sum, 2);
      for (const l of size.cost.lines) expect(l.monthlyUsd).toBeCloseTo(l.quantity * l.unitUsd, 1);
    }
    const costs = bp!.sizes.map((s) => s.cost.monthlyUsd);
    expect([...costs].sort((a, b) => a - b)).toEqual(costs);
  });

  it.each([
    ["small", "Database instance (postgres db.t3.micro)", 0.018 * 730],
    ["medium", "Database instance (postgres db.t3.medium)", 0.144 * 730],
    ["medium", "NAT gateways", 2 * 0.045 * 730],
    ["enterprise", "NAT gateways", 3 * 0.045 * 730],
  ])("%s: %s costs %d per month", (sizeId, item, monthly) => {
    const line = bp!.sizes.find((s) => s.id === sizeId)!.cost.lines.find((l) => l.item === item);
    expect(line?.monthlyUsd).toBeCloseTo(monthly, 2);
  });

  it("estimates other regions and overrides from the matching price table", () => {
    const sydney = estimateCost(bp!, "medium", { region: "ap-southeast-2" });
    const mysql = estimateCost(bp!, "medium", { overrides: { DatabaseEngine: "mysql" } });
    expect(sydney?.region).toBe("ap-southeast-2");
    expect(sydney!.monthlyUsd).toBeGreaterThan(bp!.sizes[1].cost.monthlyUsd);
    expect(mysql!.lines.some((l) => l.item.includes("mysql"))).toBe(true);
    expect(estimateCost(bp!, "medium", { region: "eu-north-9" })).toBeUndefined();
  });
});

describe("catalog: data changes need no code", () => {
  let copy: TemplatesCopy | undefined;
  afterEach(() => copy?.dispose());

  it("picks up a new size, re-prices it, and defaults two-approver sizes to the two largest", () => {
    copy = copyTemplates();
    copy.edit(
      "stateless-web/sizes.yaml",
      (t) =>
        t +
        `\n  - id: xlarge\n    label: Extra large\n    suits: Testing that sizes are data.\n    parameters:\n` +
        t.split("- id: enterprise")[1].split("parameters:\n")[1].replace("m6i.xlarge", "m6i.2xlarge"),
    );
    copy.edit("stateless-web/blueprint.yaml", (t) => t.replace("  twoApproverSizes: [large, enterprise]\n", ""));
    const bp = loadCatalog(copy.root).blueprints[0];
    expect(bp.sizes.map((s) => s.id)).toEqual(["small", "medium", "large", "enterprise", "xlarge"]);
    expect(bp.approval.twoApproverSizes).toEqual(["enterprise", "xlarge"]);
    expect(bp.sizes[4].cost.monthlyUsd).toBeGreaterThan(bp.sizes[3].cost.monthlyUsd);
  });

  it("picks up a whole new blueprint folder", () => {
    copy = copyTemplates();
    cpSync(path.join(copy.root, "stateless-web"), path.join(copy.root, "second-web"), { recursive: true });
    copy.edit("second-web/blueprint.yaml", (t) => t.replace("name: Stateless web application", "name: Second web"));
    expect(loadCatalog(copy.root).blueprints.map((b) => [b.id, b.name])).toEqual([
      ["second-web", "Second web"],
      ["stateless-web", "Stateless web application"],
    ]);
  });
});

describe("catalog: broken blueprints name the file and field", () => {
  let copy: TemplatesCopy | undefined;
  afterEach(() => copy?.dispose());

  it.each<[string, (c: TemplatesCopy) => void, string, string, RegExp]>([
    [
      "size value outside the template's AllowedValues",
      (c) => c.edit("stateless-web/sizes.yaml", (t) => t.replace("InstanceType: t3.medium", "InstanceType: t9.huge")),
      "stateless-web/sizes.yaml",
      "sizes[1].parameters.InstanceType",
      /must be one of/,
    ],
    [
      "size value below MinValue",
      (c) => c.edit("stateless-web/sizes.yaml", (t) => t.replace('DatabaseBackupRetentionDays: "7"', 'DatabaseBackupRetentionDays: "3"')),
      "stateless-web/sizes.yaml",
      "sizes[0].parameters.DatabaseBackupRetentionDays",
      /at least 7/,
    ],
    [
      "size missing a parameter with no Default",
      (c) => c.edit("stateless-web/sizes.yaml", (t) => t.replace('      DatabaseMultiAz: "false"\n', "")),
      "stateless-web/sizes.yaml",
      "sizes[0].parameters.DatabaseMultiAz",
      /no Default/,
    ],
    [
      "size setting an unknown parameter",
      (c) => c.edit("stateless-web/sizes.yaml", (t) => t.replace('AzCount: "2"', 'AzCount: "2"\n      Bogus: "1"')),
      "stateless-web/sizes.yaml",
      "sizes[0].parameters.Bogus",
      /no parameter Bogus/,
    ],
    [
      "duplicate size id",
      (c) => c.edit("stateless-web/sizes.yaml", (t) => t.replace("id: large", "id: medium")),
      "stateless-web/sizes.yaml",
      "sizes[2].id",
      /duplicate/,
    ],
    [
      "misspelt key in blueprint.yaml",
      (c) => c.edit("stateless-web/blueprint.yaml", (t) => t.replace("description: >-", "descripton: >-")),
      "stateless-web/blueprint.yaml",
      "descripton",
      /unknown key/,
    ],
    [
      "wrong type in blueprint.yaml",
      (c) =>
        c.edit("stateless-web/blueprint.yaml", (t) =>
          t.replace("twoApproverProductionDecommission: true", "twoApproverProductionDecommission: maybe"),
        ),
      "stateless-web/blueprint.yaml",
      "approval.twoApproverProductionDecommission",
      /boolean/,
    ],
    [
      "missing duration for a resource type",
      (c) => c.edit("stateless-web/blueprint.yaml", (t) => t.replace("  AWS::RDS::DBInstance: 1000\n", "")),
      "stateless-web/blueprint.yaml",
      "durations.AWS::RDS::DBInstance",
      /missing/,
    ],
    [
      "override of an unknown parameter",
      (c) =>
        c.edit("stateless-web/blueprint.yaml", (t) =>
          t.replace("  DatabaseEngine:\n    label: Database engine", "  DbEngine:\n    label: Database engine"),
        ),
      "stateless-web/blueprint.yaml",
      "overrides.DbEngine",
      /no parameter DbEngine/,
    ],
    [
      "unknown production minimum size",
      (c) => c.edit("stateless-web/blueprint.yaml", (t) => t.replace("productionMinimumSize: medium", "productionMinimumSize: huge")),
      "stateless-web/blueprint.yaml",
      "productionMinimumSize",
      /unknown size huge/,
    ],
    [
      "unknown two-approver size",
      (c) => c.edit("stateless-web/blueprint.yaml", (t) => t.replace("[large, enterprise]", "[large, giant]")),
      "stateless-web/blueprint.yaml",
      "approval.twoApproverSizes[1]",
      /unknown size giant/,
    ],
    [
      "price missing for a size",
      (c) => c.edit("pricing/us-east-1.yaml", (t) => t.replace("    m6i.large: 0.096\n", "")),
      "pricing/us-east-1.yaml",
      "prices.ec2.m6i.large",
      /no price/,
    ],
    [
      "price table named for another region",
      (c) => c.edit("pricing/ap-southeast-2.yaml", (t) => t.replace("region: ap-southeast-2", "region: eu-west-1")),
      "pricing/ap-southeast-2.yaml",
      "region",
      /file is named/,
    ],
    [
      "unparseable template",
      (c) => c.edit("stateless-web/template.yaml", (t) => t.replace("Resources:\n", "Resources:\n  : [\n")),
      "stateless-web/template.yaml",
      "",
      /cannot be parsed/,
    ],
    ["missing README", (c) => c.remove("stateless-web/README.md"), "stateless-web/README.md", "", /missing/],
    ["folder without blueprint.yaml", (c) => c.remove("stateless-web/blueprint.yaml"), "stateless-web/blueprint.yaml", "", /missing/],
  ])("%s", (_name, breakIt, file, field, message) => {
    copy = copyTemplates();
    breakIt(copy);
    let error: unknown;
    try {
      loadCatalog(copy.root);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(CatalogError);
    const issues = (error as CatalogError).issues;
    expect(issues).toContainEqual(expect.objectContaining({ file: `templates/${file}`, field, message: expect.stringMatching(message) }));
    expect((error as Error).message).toContain(`templates/${file}`);
  });
});
