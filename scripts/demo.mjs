#!/usr/bin/env node
// `npm run demo`: everything from a fresh clone to a running portal on http://localhost:3000.
// Installs dependencies when needed, applies migrations, seeds the demo accounts, builds,
// then runs the CloudFormation sandbox and the portal until Ctrl-C. Data in .data/ is kept.
import { spawn, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { generateKeyPairSync, randomBytes } from "node:crypto";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const bin = (name) => path.join(root, "node_modules", ".bin", name);
const started = Date.now();
const step = (text) => console.log(`\n▶ ${text} (${((Date.now() - started) / 1000).toFixed(0)} s)`);

function run(command, args, env = {}) {
  const result = spawnSync(command, args, { cwd: root, stdio: "inherit", env: { ...process.env, ...env } });
  if (result.status !== 0) {
    console.error(`\n✖ ${command} ${args.join(" ")} failed (exit ${result.status}).`);
    process.exit(result.status ?? 1);
  }
}

const installed = path.join(root, "node_modules", ".package-lock.json");
if (!existsSync(installed) || statSync(installed).mtimeMs < statSync(path.join(root, "package-lock.json")).mtimeMs) {
  step("Installing dependencies (npm ci, about 2 minutes the first time)");
  run("npm", ["ci", "--no-audit", "--no-fund"]);
}

mkdirSync(path.join(root, ".data"), { recursive: true });
const secretFile = path.join(root, ".data", "demo-secret");
if (!existsSync(secretFile)) writeFileSync(secretFile, randomBytes(32).toString("base64url"), { mode: 0o600 });
// The change log's checkpoint key. In production it lives outside the database and the portal's disk (see the README).
const auditKeyFile = path.join(root, ".data", "audit-signing-key.pem");
if (!existsSync(auditKeyFile)) {
  const { privateKey } = generateKeyPairSync("ed25519");
  writeFileSync(auditKeyFile, privateKey.export({ type: "pkcs8", format: "pem" }), { mode: 0o600 });
}

const port = process.env.PORT ?? "3000";
const sandboxPort = process.env.SANDBOX_PORT ?? "4599";
const env = {
  NEXT_TELEMETRY_DISABLED: "1",
  DATABASE_URL: process.env.DATABASE_URL ?? "file:./.data/stackport.db",
  NEXTAUTH_SECRET: process.env.NEXTAUTH_SECRET ?? readFileSync(secretFile, "utf8").trim(),
  NEXTAUTH_URL: process.env.NEXTAUTH_URL ?? `http://localhost:${port}`,
  CLOUDFORMATION_ENDPOINT: process.env.CLOUDFORMATION_ENDPOINT ?? `http://127.0.0.1:${sandboxPort}`,
  // The sandbox answers STS too, so AWS_TARGET_ROLES can be tried in the demo.
  STS_ENDPOINT: process.env.STS_ENDPOINT ?? (process.env.CLOUDFORMATION_ENDPOINT ? "" : `http://127.0.0.1:${sandboxPort}`),
  SANDBOX_PORT: sandboxPort,
  // The sandbox accepts any credentials; the SDK still wants some.
  AWS_ACCESS_KEY_ID: process.env.AWS_ACCESS_KEY_ID ?? "sandbox",
  AWS_SECRET_ACCESS_KEY: process.env.AWS_SECRET_ACCESS_KEY ?? "sandbox",
  SANDBOX_STATE_FILE: process.env.SANDBOX_STATE_FILE ?? ".data/sandbox.json",
  STACKPORT_DEMO: "true",
  AUDIT_SIGNING_KEY_FILE: process.env.AUDIT_SIGNING_KEY_FILE ?? auditKeyFile,
  AUDIT_CHECKPOINT_DIR: process.env.AUDIT_CHECKPOINT_DIR ?? ".data/checkpoints",
};

step("Applying database migrations");
run("node", ["scripts/prisma.mjs", "migrate"], env);
step("Seeding demo accounts");
run(bin("tsx"), ["--conditions=react-server", "scripts/seed.ts"], env);
step("Building the portal");
run(bin("next"), ["build"], env);

const children = [];
function start(name, command, args) {
  const child = spawn(command, args, { cwd: root, stdio: "inherit", env: { ...process.env, ...env } });
  child.on("exit", (code, signal) => {
    if (!shuttingDown) {
      console.error(`\n✖ ${name} stopped (${signal ?? `exit ${code}`}); stopping the demo.`);
      shutdown(1);
    }
  });
  children.push(child);
}
let shuttingDown = false;
function shutdown(code = 0) {
  shuttingDown = true;
  for (const child of children) child.kill("SIGTERM");
  setTimeout(() => process.exit(code), 500);
}
process.on("SIGINT", () => shutdown(0));
process.on("SIGTERM", () => shutdown(0));

if (existsSync(path.join(root, "sandbox", "main.ts"))) {
  step(`Starting the CloudFormation sandbox on http://127.0.0.1:${sandboxPort}`);
  start("sandbox", bin("tsx"), ["sandbox/main.ts"]);
}
step(`Starting the portal on http://localhost:${port}`);
start("portal", bin("next"), ["start", "-p", port]);

const DEMO_USERS = JSON.parse(readFileSync(path.join(root, "lib", "auth", "demo-users.json"), "utf8"));
await waitFor(`http://127.0.0.1:${port}/api/health`);
console.log(`\n✔ Stackport is running on http://localhost:${port} (ready in ${((Date.now() - started) / 1000).toFixed(0)} s)\n`);
console.log("Demo sign-ins (demo mode only):");
for (const u of DEMO_USERS) console.log(`  ${u.role.padEnd(16)} ${u.email.padEnd(26)} ${u.password}`);
console.log("\nPress Ctrl-C to stop. Your data stays in .data/ for next time.");

async function waitFor(url) {
  for (let i = 0; i < 120; i++) {
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      /* not up yet */
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  console.error(`✖ The portal did not answer on ${url}.`);
  shutdown(1);
}
