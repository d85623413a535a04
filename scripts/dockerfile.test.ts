import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

// Security review I8: the runtime image shipped compilers and devDependencies, and the RDS CA
// bundle was fetched with no checksum. Docker is not run here; these are the Dockerfile's rules.
const dockerfile = readFileSync(path.resolve(import.meta.dirname, "..", "Dockerfile"), "utf8");
const instructions = dockerfile
  .replace(/\\\n/g, " ")
  .split("\n")
  .filter((line) => line.trim() && !line.trimStart().startsWith("#"));
const stages: string[][] = [];
for (const line of instructions) {
  if (/^FROM\s/i.test(line)) stages.push([]);
  stages.at(-1)?.push(line);
}
const runtime = stages.at(-1)!.join("\n");

describe("the container image", () => {
  it("builds in one stage and runs from another, with production dependencies only and no toolchain", () => {
    expect(stages.length).toBeGreaterThanOrEqual(2);
    expect(stages[0].join("\n")).toMatch(/npm prune --omit=dev/);
    expect(runtime).not.toMatch(/\b(g\+\+|make|python3|npm ci|npm install)\b/);
    expect(runtime).toMatch(/COPY --from=build \/app \/app/);
  });

  it("runs as an unprivileged user", () => {
    const users = runtime.match(/^USER\s+(\S+)/gm) ?? [];
    expect(users.length).toBeGreaterThan(0);
    expect(users.at(-1)).not.toMatch(/USER\s+(root|0)(:|$)/);
  });

  it("checks the RDS CA bundle against a pinned sha256 and refuses to build without one", () => {
    const fetch = stages.find((stage) => stage.some((line) => line.includes("truststore.pki.rds.amazonaws.com")))!.join("\n");
    expect(fetch).toMatch(/ARG RDS_CA_BUNDLE_SHA256/);
    expect(fetch).toMatch(/if \[ -z "\$\{RDS_CA_BUNDLE_SHA256\}" \]; then .* exit 1;/);
    expect(fetch).toMatch(/echo "\$\{RDS_CA_BUNDLE_SHA256\}  \/rds-global-bundle\.pem" \| sha256sum --check --strict -/);
    // The runtime stage takes the checked file from that stage, never from the network itself.
    expect(runtime).not.toMatch(/truststore\.pki\.rds\.amazonaws\.com/);
    expect(runtime).toMatch(/COPY --from=rds-ca .*\/rds-global-bundle\.pem/);
  });
});
