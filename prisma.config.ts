import { defineConfig } from "prisma/config";
import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaPg } from "@prisma/adapter-pg";
import { databaseTarget } from "./lib/db/target.mjs";

// The Prisma CLI (generate/migrate) runs through JavaScript driver adapters: the native
// schema engine would have to be downloaded, which these machines cannot do (NOTES.md).
const target = databaseTarget(process.env.DATABASE_URL);
const provider = process.env.STACKPORT_DB_PROVIDER ?? target.provider;

// adapter-pg splits migration scripts on every ";", which breaks function bodies
// (the audit table's append-only trigger). PostgreSQL's simple query protocol runs a
// multi-statement script as it is, so hand it the whole script in one call.
class MigratingPg extends PrismaPg {
  override async connect() {
    const adapter = await super.connect();
    adapter.executeScript = async (script: string) => {
      await adapter.underlyingDriver().query(script);
    };
    return adapter;
  }
}

export default defineConfig({
  experimental: { adapter: true },
  engine: "js",
  schema: `prisma/${provider}/schema.prisma`,
  migrations: { path: `prisma/${provider}/migrations` },
  adapter: async () =>
    target.provider === "postgresql"
      ? new MigratingPg(
          { connectionString: target.connectionString, options: `-c search_path="${target.schema}"` },
          { schema: target.schema },
        )
      : new PrismaBetterSQLite3({ url: target.file }),
});
