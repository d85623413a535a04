// Shared by the Prisma script, prisma.config.ts and the test runner: which database a
// DATABASE_URL names, and creating it (SQLite directory / PostgreSQL schema) if missing.
import { mkdirSync } from "node:fs";
import path from "node:path";

export const DEFAULT_DATABASE_URL = "file:./.data/stackport.db";

/** @param {string | undefined} raw */
export function databaseTarget(raw) {
  const url = raw && raw.length > 0 ? raw : DEFAULT_DATABASE_URL;
  if (/^postgres(ql)?:\/\//.test(url)) {
    const parsed = new URL(url);
    const schema = parsed.searchParams.get("schema") ?? "public";
    parsed.searchParams.delete("schema");
    return { provider: "postgresql", url, connectionString: parsed.toString(), schema };
  }
  if (url.startsWith("file:")) return { provider: "sqlite", url, file: url.slice("file:".length) };
  throw new Error(`DATABASE_URL must start with file: (SQLite) or postgres:// (PostgreSQL), got "${url.split(":")[0]}:…"`);
}

/** Creates the SQLite folder or the PostgreSQL schema so migrations can run. */
export async function ensureDatabase(target) {
  if (target.provider === "sqlite") {
    mkdirSync(path.dirname(path.resolve(target.file)), { recursive: true });
    return;
  }
  const { default: pg } = await import("pg");
  const client = new pg.Client({ connectionString: target.connectionString });
  await client.connect();
  try {
    await client.query(`CREATE SCHEMA IF NOT EXISTS "${target.schema.replace(/"/g, '""')}"`);
  } finally {
    await client.end();
  }
}
