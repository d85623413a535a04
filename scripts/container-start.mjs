#!/usr/bin/env node
// The portal container's entrypoint (Dockerfile; templates/portal runs it on ECS Fargate).
//   node scripts/container-start.mjs           compose DATABASE_URL, apply migrations, run `next start`
//   node scripts/container-start.mjs --check   the container's health check
//
// ECS injects the database's host, port and name as plain variables and the user name and
// password from the secret RDS manages (its JSON keys `username` and `password`). The portal reads
// one DATABASE_URL (lib/env.ts), so it is composed here, every part percent-encoded: a generated
// password may contain any character a URL gives meaning to. Nothing here logs the URL.
import { spawn, spawnSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { constants } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { SERVER_NODE_FLAGS } from "./server-node-flags.mjs";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const PARTS = ["DATABASE_HOST", "DATABASE_USERNAME", "DATABASE_PASSWORD"];
/** PostgreSQL's answers to a wrong password or an unknown user (SQLSTATE classes 28). */
const AUTH_FAILED = new Set(["28P01", "28000"]);

/**
 * DATABASE_URL as given, else composed from DATABASE_HOST, DATABASE_PORT (5432), DATABASE_NAME
 * (stackport), DATABASE_USERNAME, DATABASE_PASSWORD and DATABASE_SCHEMA (public). With
 * DATABASE_SSL_ROOT_CERT (a CA bundle file) the connection must use TLS and the server's
 * certificate must match its host name. Undefined when none of the parts is set.
 * @param {Record<string, string | undefined>} env
 * @returns {string | undefined}
 */
export function composeDatabaseUrl(env) {
  if (env.DATABASE_URL) return env.DATABASE_URL;
  const missing = PARTS.filter((k) => !env[k]);
  if (missing.length === PARTS.length) return undefined;
  if (missing.length > 0) throw new Error(`${missing.join(", ")} must be set together with ${PARTS.filter((k) => env[k]).join(", ")}`);
  const port = env.DATABASE_PORT || "5432";
  if (!/^\d{1,5}$/.test(port)) throw new Error("DATABASE_PORT must be a port number");
  const host = /** @type {string} */ (env.DATABASE_HOST);
  if (!/^[A-Za-z0-9.-]+$/.test(host)) throw new Error("DATABASE_HOST must be a host name or IPv4 address");
  const enc = encodeURIComponent;
  const query = new URLSearchParams({ schema: env.DATABASE_SCHEMA || "public" });
  if (env.DATABASE_SSL_ROOT_CERT) {
    query.set("sslmode", "verify-full");
    query.set("sslrootcert", env.DATABASE_SSL_ROOT_CERT);
  }
  return `postgresql://${enc(String(env.DATABASE_USERNAME))}:${enc(String(env.DATABASE_PASSWORD))}@${host}:${port}/${enc(env.DATABASE_NAME || "stackport")}?${query}`;
}

/**
 * The change log's signing key reaches the container as a secret ECS injects into a variable
 * (AUDIT_SIGNING_KEY_PEM, from Secrets Manager); the portal reads it from a file
 * (AUDIT_SIGNING_KEY_FILE, lib/env.ts). It is written once, readable by this user only, into the
 * container's own temporary directory, never its image; the variable is left out of the
 * portal's environment. A file named by AUDIT_SIGNING_KEY_FILE already wins.
 * @param {Record<string, string | undefined>} env
 * @param {string} dir
 * @returns {Record<string, string | undefined>} the environment for the portal
 */
export function withSigningKeyFile(env, dir = tmpdir()) {
  const { AUDIT_SIGNING_KEY_PEM: pem, ...rest } = env;
  if (!pem || rest.AUDIT_SIGNING_KEY_FILE) return rest;
  if (!/-----BEGIN PRIVATE KEY-----/.test(pem))
    throw new Error("AUDIT_SIGNING_KEY_PEM must hold a PKCS #8 PEM private key (npm run audit:keygen makes one)");
  const file = path.join(dir, `stackport-audit-signing-key-${process.pid}.pem`);
  writeFileSync(file, pem.endsWith("\n") ? pem : `${pem}\n`, { mode: 0o600, flag: "wx" });
  return { ...rest, AUDIT_SIGNING_KEY_FILE: file };
}

function log(level, event, fields = {}) {
  const line = JSON.stringify({ time: new Date().toISOString(), level, event, ...fields });
  if (level === "error" || level === "warn") console.error(line);
  else console.log(line);
}

/**
 * Applies pending migrations. Prisma holds a PostgreSQL advisory lock while it migrates, so when
 * several containers start together one migrates and the others time out waiting (P1002); they
 * retry and then find nothing left to apply.
 */
async function migrate(env, attempts = 6) {
  for (let attempt = 1; ; attempt++) {
    const run = spawnSync(process.execPath, [path.join(root, "scripts", "prisma.mjs"), "migrate"], {
      cwd: root,
      env,
      stdio: ["ignore", "inherit", "inherit"],
    });
    if (run.status === 0) return log("info", "migrations_applied", { attempt });
    if (attempt >= attempts) throw new Error(`migrations failed ${attempts} times (exit ${run.status ?? run.signal})`);
    log("warn", "migrations_retry", { attempt, exit: run.status ?? run.signal });
    await new Promise((r) => setTimeout(r, 5_000));
  }
}

async function start() {
  const env = withSigningKeyFile({ ...process.env });
  const url = composeDatabaseUrl(env);
  if (url) env.DATABASE_URL = url;
  for (const k of ["DATABASE_PASSWORD", "DATABASE_USERNAME"]) delete env[k];
  if (env.MIGRATE_ON_START === "true") await migrate(env);
  const port = env.PORT || "3000";
  const next = spawn(
    process.execPath,
    [...SERVER_NODE_FLAGS, path.join(root, "node_modules", "next", "dist", "bin", "next"), "start", "-H", "0.0.0.0", "-p", port],
    { cwd: root, env, stdio: "inherit" },
  );
  // ECS stops a task with SIGTERM, then SIGKILL after the stop timeout: pass it on so Next can finish.
  for (const signal of ["SIGTERM", "SIGINT"]) process.on(signal, () => next.kill(signal));
  next.on("exit", (code, signal) => process.exit(code ?? 128 + (signal ? constants.signals[signal] : 0)));
}

/**
 * Healthy when the portal answers /api/health and the database does not refuse this container's
 * credentials. ECS injects the password once, at start; after RDS rotates it, new connections
 * fail authentication and the container is replaced by one that reads the new password. Other
 * database errors (a Multi-AZ failover) do not count: a new container would not fix them.
 */
async function check() {
  const port = process.env.PORT || "3000";
  const res = await fetch(`http://127.0.0.1:${port}/api/health`, { signal: AbortSignal.timeout(5_000) }).catch((e) => e);
  if (!(res instanceof Response) || res.status !== 200) {
    log("error", "health_check_failed", { reason: res instanceof Response ? `status ${res.status}` : String(res?.name ?? res) });
    return 1;
  }
  const url = composeDatabaseUrl(process.env);
  if (!url || !url.startsWith("postgres")) return 0;
  const { default: pg } = await import("pg");
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5_000 });
  try {
    await client.connect();
    return 0;
  } catch (e) {
    const code = /** @type {{ code?: string }} */ (e).code;
    if (code && AUTH_FAILED.has(code)) {
      log("error", "health_check_failed", { reason: "database refused the credentials (rotated password?)", code });
      return 1;
    }
    return 0;
  } finally {
    await client.end().catch(() => {});
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  if (process.argv.includes("--check")) process.exit(await check());
  else
    await start().catch((e) => {
      log("error", "container_start_failed", { error: e instanceof Error ? e.message : String(e) });
      process.exit(1);
    });
}
