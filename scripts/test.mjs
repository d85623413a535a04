#!/usr/bin/env node
// `npm test`: typecheck, lint, formatting, unit tests, integration tests (SQLite and PostgreSQL),
// a production build, and the Playwright journeys (SQLite and PostgreSQL). Every run gets
// its own SQLite files and PostgreSQL schemas, dropped afterwards; demo data is never touched.
// The last line is the total over all runners: "N passed, N failed".
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, rmSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const bin = (name) => path.join(root, "node_modules", ".bin", name);
const run = `${Date.now().toString(36)}${process.pid.toString(36)}`;
const workDir = path.join(root, ".data", `test-${run}`);
const pgBase = process.env.TEST_POSTGRES_URL ?? "postgresql://postgres@127.0.0.1:5432/test";
const chromium = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
const ROLE_MAP = "stackport-engineers=ENGINEER,stackport-auditors=AUDITOR,stackport-sales=ACCOUNT_MANAGER,stackport-admins=ADMIN";

if (!existsSync(chromium)) {
  console.error(
    `Chromium was not found at ${chromium}.\nInstall Debian's package: sudo apt-get install -y chromium   (or set CHROMIUM_PATH).`,
  );
  console.log("0 passed, 1 failed");
  process.exit(1);
}
mkdirSync(workDir, { recursive: true });

const baseEnv = {
  ...process.env,
  NEXT_TELEMETRY_DISABLED: "1",
  NEXTAUTH_SECRET: "test-secret-test-secret-test-secret-0123456789",
  OIDC_ROLE_MAP: ROLE_MAP,
  CHROMIUM_PATH: chromium,
};
const sqliteUrl = (name) => `file:${path.relative(root, path.join(workDir, `${name}.db`))}`;
const pgSchemas = [];
const pgUrl = (name) => {
  const schema = `t_${run}_${name}`;
  pgSchemas.push(schema);
  return `${pgBase}?schema=${schema}`;
};

const results = [];
function stage(name, command, args, { env = {}, count } = {}) {
  console.log(`\n━━━ ${name} ━━━`);
  const started = Date.now();
  const result = spawnSync(command, args, { cwd: root, stdio: "inherit", env: { ...baseEnv, ...env } });
  const counted = count ? count() : null;
  const passedRun = result.status === 0;
  const tally = counted ?? { passed: passedRun ? 1 : 0, failed: passedRun ? 0 : 1 };
  // A runner that crashed before reporting still counts as a failure.
  if (!passedRun && tally.failed === 0) tally.failed = 1;
  results.push({ name, ...tally, seconds: (Date.now() - started) / 1000 });
  return passedRun;
}

const vitestCount = (file) => () => {
  if (!existsSync(file)) return null;
  const report = JSON.parse(readFileSync(file, "utf8"));
  const failures = report.testResults.flatMap((file) =>
    (file.assertionResults ?? [])
      .filter((t) => t.status === "failed")
      .map((t) => `${path.relative(root, file.name)} › ${t.fullName}: ${(t.failureMessages?.[0] ?? "").split("\n")[0].slice(0, 200)}`),
  );
  return {
    passed: report.numPassedTests,
    failed: report.numFailedTests,
    skipped: report.numPendingTests + (report.numTodoTests ?? 0),
    failures,
  };
};
const playwrightCount = (file) => () => {
  if (!existsSync(file)) return null;
  const { stats, suites = [] } = JSON.parse(readFileSync(file, "utf8"));
  const failures = [];
  const walk = (suite) => {
    for (const spec of suite.specs ?? [])
      for (const t of spec.tests ?? []) if (t.status === "unexpected") failures.push(`${spec.file}:${spec.line} › ${spec.title}`);
    for (const child of suite.suites ?? []) walk(child);
  };
  suites.forEach(walk);
  return { passed: stats.expected + stats.flaky, failed: stats.unexpected, skipped: stats.skipped, failures };
};
const vitest = (name, config, url, extraEnv = {}) => {
  const out = path.join(workDir, `${name}.json`);
  return stage(
    name,
    bin("vitest"),
    ["run", ...(config ? ["--config", config] : []), "--reporter=default", "--reporter=json", `--outputFile.json=${out}`],
    {
      env: { ...(url ? { DATABASE_URL: url } : {}), ...extraEnv },
      count: vitestCount(out),
    },
  );
};
const prepareDb = (url) => {
  for (const args of [
    ["scripts/prisma.mjs", "migrate"],
    [bin("tsx"), "--conditions=react-server", "scripts/seed.ts"],
  ]) {
    const command = args[0].endsWith("tsx") ? args.shift() : process.execPath;
    const r = spawnSync(command, args, { cwd: root, stdio: "pipe", env: { ...baseEnv, DATABASE_URL: url } });
    if (r.status !== 0) throw new Error(`preparing ${url} failed:\n${r.stderr}`);
  }
};
const e2e = (name, url, files = [], config = null) => {
  const out = path.join(workDir, `${name}.json`);
  try {
    prepareDb(url);
  } catch (error) {
    console.error(error.message);
    results.push({ name, passed: 0, failed: 1, seconds: 0 });
    return;
  }
  stage(name, bin("playwright"), ["test", ...(config ? ["--config", config] : []), "--reporter=list,json", ...files], {
    env: { E2E_DATABASE_URL: url, PLAYWRIGHT_JSON_OUTPUT_NAME: out, E2E_OUTPUT_DIR: path.join(workDir, `${name}-results`) },
    count: playwrightCount(out),
  });
};

try {
  stage("typecheck", bin("tsc"), ["--noEmit"]);
  stage("lint", bin("eslint"), [".", "--max-warnings=0"]);
  stage("format", bin("prettier"), ["--check", ".", "--log-level=warn"]);
  vitest("unit", null, null);
  vitest("integration-sqlite", "vitest.integration.config.ts", sqliteUrl("integration"));
  vitest("integration-postgresql", "vitest.integration.config.ts", pgUrl("integration"), { INTEGRATION_SCOPE: "db" });
  if (stage("build", bin("next"), ["build"])) {
    e2e("e2e-sqlite", sqliteUrl("e2e"));
    // On PostgreSQL, the journeys whose outcome depends on the database: sign-in and sessions,
    // administration, four-eyes review, the change log, webhooks. Accessibility, the catalog and
    // the CloudFormation journeys (launch, day-two operations, rollouts) behave the same on either
    // database and run once above; their PostgreSQL paths (executor, tracker, leases, rollouts)
    // are covered by integration-postgresql.
    e2e("e2e-postgresql", pgUrl("e2e"), [
      "e2e/auth.setup.ts",
      "e2e/auth.spec.ts",
      "e2e/admin.spec.ts",
      "e2e/changes.spec.ts",
      "e2e/audit.spec.ts",
      "e2e/webhooks.spec.ts",
    ]);
    // Two portal instances on one PostgreSQL database behind a load balancer (e2e/multi).
    e2e("e2e-multi-instance", pgUrl("multi"), [], "playwright.multi.config.ts");
  }
} finally {
  cleanup();
}

function cleanup() {
  if (pgSchemas.length) {
    const sql = pgSchemas.map((s) => `DROP SCHEMA IF EXISTS "${s}" CASCADE;`).join(" ");
    spawnSync(
      process.execPath,
      [
        "-e",
        `const pg=require("pg");const c=new pg.Client({connectionString:${JSON.stringify(pgBase)}});c.connect().then(()=>c.query(${JSON.stringify(sql)})).catch(e=>console.error("cleanup:",e.message)).finally(()=>c.end())`,
      ],
      { cwd: root, stdio: "inherit" },
    );
  }
  if (!process.env.KEEP_TEST_DATA) rmSync(workDir, { recursive: true, force: true });
}

const total = results.reduce(
  (t, r) => ({ passed: t.passed + r.passed, failed: t.failed + r.failed, skipped: t.skipped + (r.skipped ?? 0) }),
  { passed: 0, failed: 0, skipped: 0 },
);
console.log("\n━━━ summary ━━━");
for (const r of results)
  console.log(
    `${r.failed ? "✖" : "✔"} ${r.name.padEnd(24)} ${String(r.passed).padStart(4)} passed ${String(r.failed).padStart(3)} failed ${String(r.skipped ?? 0).padStart(3)} skipped  ${r.seconds.toFixed(0)} s`,
  );
// What failed, by name, so a CI log that keeps only its end still says which test it was.
for (const r of results) for (const f of r.failures ?? []) console.log(`  ✖ ${r.name}: ${f}`);
console.log(`${total.passed} passed, ${total.failed} failed${total.skipped ? `, ${total.skipped} skipped` : ""}`);
process.exit(total.failed ? 1 : 0);
