#!/usr/bin/env node
// Prisma for two databases from one model file (see prisma/models.prisma).
//   node scripts/prisma.mjs sync       write prisma/{sqlite,postgresql}/schema.prisma
//   node scripts/prisma.mjs generate   sync, then generate both clients into lib/db/generated/
//   node scripts/prisma.mjs migrate    apply committed migrations to DATABASE_URL's database
//   node scripts/prisma.mjs diff NAME  write a new migration for both providers (schema in git HEAD -> working tree)
import { execFileSync } from "node:child_process";
import { mkdirSync, readFileSync, writeFileSync, existsSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { databaseTarget, ensureDatabase } from "../lib/db/target.mjs";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const prismaBin = path.join(root, "node_modules", ".bin", "prisma");
const providers = { sqlite: "sqlite", postgresql: "postgresql" };
// `migrate diff` connects through the adapter even when diffing two schema files.
const DIFF_POSTGRES_URL = process.env.DIFF_POSTGRES_URL ?? "postgresql://postgres@127.0.0.1:5432/test";

function header(provider) {
  return `// GENERATED from prisma/models.prisma by scripts/prisma.mjs — edit that file, then run \`node scripts/prisma.mjs sync\`.
generator client {
  provider   = "prisma-client"
  output     = "../../lib/db/generated/${provider}"
  engineType = "client"${
    provider === "postgresql"
      ? `
  // A query's relations come back in one statement (LATERAL joins) instead of one per relation.
  previewFeatures = ["relationJoins"]`
      : ""
  }
}

datasource db {
  provider = "${provider}"
  url      = env("DATABASE_URL")
}
`;
}

export function schemaFor(provider) {
  return header(provider) + "\n" + readFileSync(path.join(root, "prisma", "models.prisma"), "utf8");
}

function sync() {
  for (const provider of Object.keys(providers)) {
    const dir = path.join(root, "prisma", provider);
    mkdirSync(dir, { recursive: true });
    const file = path.join(dir, "schema.prisma");
    const next = schemaFor(provider);
    if (!existsSync(file) || readFileSync(file, "utf8") !== next) writeFileSync(file, next);
  }
}

function run(args, env) {
  execFileSync(prismaBin, args, { cwd: root, stdio: "inherit", env: { ...process.env, PRISMA_HIDE_UPDATE_MESSAGE: "1", ...env } });
}

function generate() {
  sync();
  for (const provider of Object.keys(providers)) {
    const url = provider === "sqlite" ? "file:./.data/generate.db" : "postgresql://localhost/generate";
    run(["generate", "--schema", `prisma/${provider}/schema.prisma`], { DATABASE_URL: url, STACKPORT_DB_PROVIDER: provider });
  }
}

async function migrate() {
  const target = databaseTarget(process.env.DATABASE_URL);
  await ensureDatabase(target);
  run(["migrate", "deploy"], { DATABASE_URL: target.url, STACKPORT_DB_PROVIDER: target.provider });
  if (target.provider === "sqlite") {
    // Write-ahead logging: readers (the tracker, live pages) no longer block a person's write,
    // and several portal processes can share the file. The setting is stored in the file.
    const { default: Database } = await import("better-sqlite3");
    const file = new Database(path.resolve(root, target.file));
    file.pragma("journal_mode = WAL");
    file.close();
  }
}

function diff(name) {
  if (!name || !/^[a-z0-9_]+$/.test(name)) throw new Error("usage: node scripts/prisma.mjs diff <snake_case_name>");
  sync();
  mkdirSync(path.join(root, ".data"), { recursive: true });
  const stamp = new Date().toISOString().replace(/\D/g, "").slice(0, 14);
  for (const provider of Object.keys(providers)) {
    const schema = `prisma/${provider}/schema.prisma`;
    const dir = path.join(root, "prisma", provider, "migrations", `${stamp}_${name}`);
    let from = ["--from-empty"];
    try {
      const old = execFileSync("git", ["show", `HEAD:${schema}`], { cwd: root, stdio: ["ignore", "pipe", "ignore"] });
      const tmp = path.join(mkdtempSync(path.join(tmpdir(), "prisma-")), "schema.prisma");
      writeFileSync(tmp, old);
      from = ["--from-schema-datamodel", tmp];
    } catch {
      /* first migration */
    }
    mkdirSync(dir, { recursive: true });
    const url = provider === "sqlite" ? "file:./.data/generate.db" : DIFF_POSTGRES_URL;
    run(["migrate", "diff", ...from, "--to-schema-datamodel", schema, "--script", "--output", path.join(dir, "migration.sql")], {
      DATABASE_URL: url,
      STACKPORT_DB_PROVIDER: provider,
    });
    const lock = path.join(root, "prisma", provider, "migrations", "migration_lock.toml");
    if (!existsSync(lock)) writeFileSync(lock, `provider = "${provider}"\n`);
  }
}

const [command, arg] = process.argv.slice(2);
const commands = { sync, generate, migrate, diff: () => diff(arg) };
if (!commands[command]) {
  console.error(`unknown command "${command ?? ""}": use sync, generate, migrate or diff NAME`);
  process.exit(2);
}
try {
  await commands[command]();
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
}
