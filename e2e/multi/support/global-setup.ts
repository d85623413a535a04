import { spawnSync } from "node:child_process";
import path from "node:path";
import pg from "pg";
import { databaseTarget } from "../../../lib/db/target.mjs";
import { databaseUrl } from "./fixtures";

const ROOT = path.resolve(import.meta.dirname, "..", "..", "..");

// Migrates and seeds the journeys' PostgreSQL schema (both are idempotent, so a schema that
// `npm test` already prepared is fine). A schema the config made up for a standalone run is
// dropped again at the end.
export default async function globalSetup() {
  const url = databaseUrl();
  const env = { ...process.env, DATABASE_URL: url };
  for (const [command, args] of [
    [process.execPath, ["scripts/prisma.mjs", "migrate"]],
    [path.join(ROOT, "node_modules/.bin/tsx"), ["--conditions=react-server", "scripts/seed.ts"]],
  ] as const) {
    const r = spawnSync(command, args, { cwd: ROOT, env, encoding: "utf8" });
    if (r.status !== 0) throw new Error(`preparing ${url} failed:\n${r.stdout}${r.stderr}`);
  }
  if (!process.env.E2E_MULTI_OWNS_SCHEMA) return;
  return async () => {
    const target = databaseTarget(url);
    if (target.provider !== "postgresql") return;
    const client = new pg.Client({ connectionString: target.connectionString });
    await client.connect();
    await client.query(`DROP SCHEMA IF EXISTS "${target.schema}" CASCADE`);
    await client.end();
  };
}
