import { createHash } from "node:crypto";
import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient as SqliteClient, Prisma } from "./generated/sqlite/client";
import { PrismaClient as PostgresClient } from "./generated/postgresql/client";
import { databaseTarget } from "./target.mjs";
import { withLikeEscape } from "./like";
import { withImmediateBegin } from "./sqlite-begin";
import { cacheQueryPlans, type PlanCacheStats } from "./plan-cache";
import { QueryCompiler as PostgresQueryCompiler } from "@prisma/client/runtime/query_compiler_bg.postgresql.mjs";
import { QueryCompiler as SqliteQueryCompiler } from "@prisma/client/runtime/query_compiler_bg.sqlite.mjs";

// Builds a Prisma client for a DATABASE_URL: SQLite through better-sqlite3, PostgreSQL
// through node-postgres. Both generated clients come from one model file, so their
// APIs are the same; the SQLite client's types stand for both.
export type Db = SqliteClient;
export type Tx = Prisma.TransactionClient;
export type DbProvider = "sqlite" | "postgresql";

// Secrets never leave the database unless a caller asks for them by name.
const omit = { user: { passwordHash: true }, webhookEndpoint: { secret: true } } as const;
// SQLite runs one writer at a time: under a busy tracker a person's transaction may queue for a
// while, which is fine; failing it after Prisma's default 2 s wait is not.
const transactionOptions = { maxWait: 20_000, timeout: 30_000 };

// The generated clients load these same modules (the compiler is one class per provider and process).
const planCaches: Record<DbProvider, PlanCacheStats> = {
  postgresql: cacheQueryPlans(PostgresQueryCompiler),
  sqlite: cacheQueryPlans(SqliteQueryCompiler),
};

/** How often a compiled query plan was reused (see plan-cache.ts). */
export function planCacheStats(provider: DbProvider): PlanCacheStats {
  return { ...planCaches[provider] };
}

// Named statements: each connection prepares a query's SQL once and then only binds and runs it,
// so PostgreSQL parses and plans it once per connection instead of on every call. The name is a
// digest of the SQL (its values are parameters), so one name never stands for two statements.
// (A transaction-mode connection pooler such as PgBouncer would need these off; RDS needs nothing.)
const statementNames = new Map<string, string>();
function statementName(query: { sql: string }): string {
  let name = statementNames.get(query.sql);
  if (!name) {
    name = `p_${createHash("sha256").update(query.sql).digest("base64url").slice(0, 40)}`;
    if (statementNames.size >= 5_000) statementNames.clear();
    statementNames.set(query.sql, name);
  }
  return name;
}

export function createDb(url: string): { db: Db; provider: DbProvider } {
  const target = databaseTarget(url);
  if (target.provider === "postgresql") {
    const adapter = new PrismaPg(
      { connectionString: target.connectionString, options: `-c search_path="${target.schema}"`, max: 10 },
      { schema: target.schema, statementNameGenerator: statementName },
    );
    // adapter-pg 7.10 is the version whose migrations work with Prisma 6.19 (NOTES.md);
    // its factory type is newer than the 6.19 client's, though the runtime contract matches.
    const db = new PostgresClient({ adapter: adapter as never, omit, transactionOptions }) as unknown as Db;
    return { db, provider: "postgresql" };
  }
  // A backslash escapes % and _ in LIKE on both databases (see like.ts); a transaction takes the
  // write lock when it begins (see sqlite-begin.ts).
  const adapter = withLikeEscape(withImmediateBegin(new PrismaBetterSQLite3({ url: target.file, timeout: 10_000 })));
  return { db: new SqliteClient({ adapter, omit, transactionOptions }), provider: "sqlite" };
}
