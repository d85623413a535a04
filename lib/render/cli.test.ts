import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { canonicalJson } from "./canonical";

// Runs the real script in a child process, as an engineer or CI would.
function cli(...args: string[]) {
  const r = spawnSync(process.execPath, ["--import", "tsx", "scripts/render.ts", ...args], { encoding: "utf8", timeout: 60_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

const outDir = mkdtempSync(path.join(os.tmpdir(), "stackport-cli-"));
afterAll(() => rmSync(outDir, { recursive: true, force: true }));

describe("scripts/render.ts", () => {
  it("prints exactly one JSON object with --format json, and it is deterministic", () => {
    const args = [
      "--blueprint",
      "stateless-web",
      "--size",
      "large",
      "--client",
      "Acme Pty Ltd",
      "--env",
      "production",
      "--format",
      "json",
      "--set",
      "DatabaseEngine=mysql",
    ];
    const a = cli(...args);
    expect(a.stderr).toBe("");
    expect(a.code).toBe(0);
    const doc = JSON.parse(a.stdout);
    expect(Object.keys(doc).sort()).toEqual(["parameters", "sha256", "tags", "template"]);
    expect(doc.sha256).toBe(createHash("sha256").update(canonicalJson(doc.template)).digest("hex"));
    expect(doc.parameters).toContainEqual({ ParameterKey: "DatabaseEngine", ParameterValue: "mysql" });
    expect(cli(...args).stdout).toBe(a.stdout);
  }, 60_000);

  it("writes the body, parameters and tags with --out", () => {
    const r = cli("--blueprint", "stateless-web", "--size", "medium", "--client", "Acme", "--env", "staging", "--out", outDir);
    expect(r.code).toBe(0);
    const body = readFileSync(path.join(outDir, "template.json"), "utf8");
    expect(r.stdout).toContain(createHash("sha256").update(body).digest("hex"));
    expect(JSON.parse(readFileSync(path.join(outDir, "parameters.json"), "utf8"))).toContainEqual({
      ParameterKey: "Environment",
      ParameterValue: "staging",
    });
    expect(JSON.parse(readFileSync(path.join(outDir, "tags.json"), "utf8"))).toContainEqual({
      Key: "stackport:client-slug",
      Value: "acme",
    });
    expect(readFileSync(path.join(outDir, "template.yaml"), "utf8")).toContain("AWSTemplateFormatVersion");
  }, 60_000);

  it.each([
    [
      ["--blueprint", "stateless-web", "--size", "small", "--client", "Acme", "--env", "production"],
      /--size \(sizeId\): production needs at least the Medium size/,
    ],
    [["--blueprint", "stateless-web", "--size", "large", "--env", "staging"], /--client \(client\.displayName\): is required/],
    [
      ["--blueprint", "stateless-web", "--size", "large", "--client", "Acme", "--env", "prod"],
      /--env \(client\.environment\): must be production or staging/,
    ],
    [
      ["--blueprint", "stateless-web", "--size", "large", "--client", "Acme", "--env", "staging", "--set", "InstanceType=t3.small"],
      /--set InstanceType=… \(overrides\.InstanceType\): is not adjustable/,
    ],
    [["--blueprint", "stateless-web", "--bogus"], /Unknown option '--bogus'/],
    [
      ["--blueprint", "stateless-web", "--size", "large", "--client", "Acme", "--env", "staging", "--format", "xml"],
      /--format must be yaml or json/,
    ],
  ])(
    "fails with exit 2 and names the problem: %j",
    (args, message) => {
      const r = cli(...args);
      expect(r.code).toBe(2);
      expect(r.stdout).toBe("");
      expect(r.stderr).toMatch(message);
    },
    60_000,
  );
});
