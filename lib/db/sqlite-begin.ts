import type { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import { wrapConnections, type SqliteAdapter } from "./sqlite-adapter";

// Prisma's SQLite adapter opens every transaction with a plain (deferred) BEGIN: it takes the write
// lock only at its first write. In WAL mode a transaction that has read, and whose snapshot another
// connection has since written past, cannot take that lock at all: SQLite answers "database is
// locked" at once, without waiting for its busy timeout. With two processes on one file (the
// portal and a separate worker, the CLI, a test and the worker it started) a read-then-write
// transaction then fails whenever the other process writes between the two. BEGIN IMMEDIATE takes
// the write lock first, waiting up to the busy timeout, so the transaction reads and writes one
// consistent state, as PostgreSQL's would. Inside one process nothing changes: the adapter already
// runs one transaction at a time. sqlite-writers.integration.test.ts fails without this.

interface Statements {
  prepare(sql: string): unknown;
}

function beginImmediately(adapter: SqliteAdapter): SqliteAdapter {
  const client = (adapter as unknown as { client?: Statements }).client;
  if (!client || typeof client.prepare !== "function") throw new Error("the SQLite adapter no longer exposes its connection");
  const prepare = client.prepare.bind(client);
  client.prepare = (sql: string) => prepare(sql === "BEGIN" ? "BEGIN IMMEDIATE" : sql);
  return adapter;
}

/** The SQLite adapter factory whose transactions take the write lock when they begin. */
export function withImmediateBegin(factory: PrismaBetterSQLite3): PrismaBetterSQLite3 {
  return wrapConnections(factory, beginImmediately);
}
