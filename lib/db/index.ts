import "server-only";
import { getEnv } from "../env";
import { createDb, type Db, type DbProvider } from "./client";

export type { Db, Tx, DbProvider } from "./client";
export type { Prisma } from "./generated/sqlite/client";

// One client per process, kept on globalThis so dev-mode reloads reuse it.
const globalForDb = globalThis as unknown as { stackportDb?: { db: Db; provider: DbProvider } };

function instance() {
  globalForDb.stackportDb ??= createDb(getEnv().DATABASE_URL);
  return globalForDb.stackportDb;
}

export const db: Db = new Proxy({} as Db, {
  get(_target, property) {
    const client = instance().db;
    const value = Reflect.get(client, property, client);
    return typeof value === "function" ? value.bind(client) : value;
  },
});

export function dbProvider(): DbProvider {
  return instance().provider;
}
