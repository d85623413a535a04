// Every blueprint × size (× environment, × override values) rendered and linted by AWS's own
// cfn-lint in one process (a run costs ~2 s of start-up, so never one per template).
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { listBlueprints, type Blueprint } from "../catalog";
import { evaluateGuardrails, hasBlockingFindings } from "../guardrails";
import { renderStack, validateTemplate, type RenderInput } from "./index";

const hasCfnLint = spawnSync("cfn-lint", ["--version"], { encoding: "utf8" }).status === 0;
if (!hasCfnLint) console.warn("cfn-lint is not installed: skipping the lint of rendered templates (pip install cfn-lint)");

/** Regions the portal prices; cfn-lint checks resource and property availability in each. */
const REGIONS = ["us-east-1", "ap-southeast-2"];

interface Case {
  name: string;
  input: RenderInput;
}

/** Non-default choices for overrides that have a fixed list, so each branch of the template is linted. */
function overrideVariants(bp: Blueprint): Record<string, string>[] {
  return bp.overrides.flatMap((o) => (o.values ?? []).filter((v) => v !== o.defaultValue).map((v) => ({ [o.parameter]: v })));
}

function cases(): Case[] {
  const out: Case[] = [];
  for (const bp of listBlueprints()) {
    const minimum = bp.sizes.find((s) => s.id === bp.productionMinimumSize)!.order;
    for (const size of bp.sizes) {
      const envs = size.order >= minimum ? (["staging", "production"] as const) : (["staging"] as const);
      for (const environment of envs) {
        out.push({
          name: `${bp.id}-${size.id}-${environment}`,
          input: {
            blueprintId: bp.id,
            sizeId: size.id,
            client: { displayName: "Lint Test", environment, region: "us-east-1", owner: "ci" },
          },
        });
      }
    }
    const largest = bp.sizes.at(-1)!;
    overrideVariants(bp).forEach((overrides, i) => {
      out.push({
        name: `${bp.id}-${largest.id}-override-${i}`,
        input: {
          blueprintId: bp.id,
          sizeId: largest.id,
          client: { displayName: "Lint Test", environment: "production", region: "us-east-1", owner: "ci" },
          overrides,
        },
      });
    });
  }
  // The HTTPS branch (certificate given) of stateless-web.
  out.push({
    name: "stateless-web-https",
    input: {
      blueprintId: "stateless-web",
      sizeId: "medium",
      client: { displayName: "Lint Test", environment: "production", region: "us-east-1", owner: "ci" },
      overrides: { CertificateArn: "arn:aws:acm:us-east-1:123456789012:certificate/0f6b3c1e-1111-2222-3333-444455556666" },
    },
  });
  return out;
}

const dir = mkdtempSync(path.join(os.tmpdir(), "stackport-lint-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

interface LintMatch {
  Level: string;
  Message: string;
  Filename: string;
  Rule: { Id: string };
  Location: { Path?: (string | number)[] };
}

/** Rule ids a blueprint's README lists under "Accepted warnings". */
function acceptedWarnings(bp: Blueprint): Set<string> {
  const section = bp.readme.split(/^## cfn-lint\s*$/m)[1] ?? "";
  return new Set(section.match(/\b[WI]\d{4}\b/g) ?? []);
}

describe("rendered templates", () => {
  const all = cases();
  const rendered = all.map((c) => ({ ...c, result: renderStack(c.input) }));

  it("pass validateTemplate and have no error-severity guardrail finding", () => {
    expect(all.length).toBeGreaterThanOrEqual(8);
    for (const { name, result } of rendered) {
      expect({ name, problems: validateTemplate(result.template) }).toEqual({ name, problems: [] });
      const findings = evaluateGuardrails(result.template);
      expect({ name, blocking: hasBlockingFindings(findings) ? findings : [] }).toEqual({ name, blocking: [] });
    }
  });

  it.skipIf(!hasCfnLint)(
    "lint with zero cfn-lint errors, and only warnings the README accepts",
    () => {
      const files = rendered.map(({ name, result }) => {
        const file = path.join(dir, `${name}.json`);
        writeFileSync(file, result.body);
        return file;
      });
      const sources = listBlueprints().map((bp) => path.join(bp.directory, "template.yaml"));
      const run = spawnSync("cfn-lint", ["--format", "json", "--regions", ...REGIONS, "--", ...files, ...sources], {
        encoding: "utf8",
        timeout: 120_000,
      });
      expect(run.error).toBeUndefined();
      const matches = JSON.parse(run.stdout || "[]") as LintMatch[];
      const describe = (m: LintMatch) => `${path.basename(m.Filename)} ${m.Rule.Id} ${m.Location.Path?.join(".") ?? ""}: ${m.Message}`;
      expect(matches.filter((m) => m.Level === "Error").map(describe)).toEqual([]);
      const unexplained = matches.filter((m) => {
        if (m.Level !== "Warning") return false;
        const bp = listBlueprints().find((b) => path.basename(m.Filename).startsWith(`${b.id}-`) || m.Filename.startsWith(b.directory));
        return !bp || !acceptedWarnings(bp).has(m.Rule.Id);
      });
      expect(unexplained.map(describe)).toEqual([]);
    },
    180_000,
  );
});
