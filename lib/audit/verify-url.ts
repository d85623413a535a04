import "server-only";
import Database from "better-sqlite3";
import { db as appDb } from "../db";
import { createDb, type Db } from "../db/client";
import { getEnv } from "../env";
import { databaseTarget } from "../db/target.mjs";
import { GENESIS_HASH } from "./hash";
import { contentSql, ENTRY_COLUMNS_SQL } from "./chain-format";
import { prismaChainSource, verifyChain, type ChainRow, type ChainSource, type PrebuiltRow, type VerifyResult } from "./verify";

// Full-chain verification for a DATABASE_URL. A million entries must verify within ten
// seconds. Through Prisma each row costs about 25 µs; through better-sqlite3 about 5 µs,
// most of it making thirteen JavaScript strings. So on SQLite the database assembles the
// hashed content text itself (the same bytes as canonicalJson: json_quote escapes as
// JSON.stringify does), leaving four values a row to read and about 3 µs in all. Any row
// whose prebuilt text does not hash right is re-read whole and checked exactly, so odd
// characters can cost time but never a false alarm.

const CONTENT = contentSql();

export function sqliteChainSource(file: string): ChainSource & { close(): void } {
  const conn = new Database(file, { readonly: true, fileMustExist: true, timeout: 10_000 });
  const head = conn.prepare<[], { seq: number; lastHash: string }>(`SELECT "seq", "lastHash" FROM "AuditHead" WHERE "id" = 1`);
  const page = conn.prepare<[number, number, number], PrebuiltRow>(
    `SELECT "seq", "prevHash", "hash", ${CONTENT} AS "content" FROM "AuditEntry" WHERE "seq" > ? AND "seq" <= ? ORDER BY "seq" LIMIT ?`,
  );
  const entry = conn.prepare<[number], ChainRow>(`SELECT ${ENTRY_COLUMNS_SQL} FROM "AuditEntry" WHERE "seq" = ?`);
  const last = conn.prepare<[], { seq: number | null }>(`SELECT MAX("seq") AS "seq" FROM "AuditEntry"`);
  return {
    head: async () => head.get() ?? { seq: 0, lastHash: GENESIS_HASH },
    lastSeq: async () => last.get()?.seq ?? 0,
    page: async (after, upTo, limit) => page.all(after, upTo, limit),
    entry: async (seq) => entry.get(seq),
    close: () => conn.close(),
  };
}

/**
 * Verifies the chain stored at `url`. Pass the process's client as `db` to reuse its
 * connections on PostgreSQL; otherwise one is made for the call and closed after.
 */
export async function verifyChainAt(url: string, db?: Db): Promise<VerifyResult> {
  const target = databaseTarget(url);
  if (target.provider === "sqlite") {
    const source = sqliteChainSource(target.file);
    try {
      return await verifyChain(source);
    } finally {
      source.close();
    }
  }
  if (db) return verifyChain(prismaChainSource(db));
  const own = createDb(url).db;
  try {
    return await verifyChain(prismaChainSource(own));
  } finally {
    await own.$disconnect();
  }
}

/** The portal's own database, for the "Verify the chain" button. */
export function verifyStoredChain(): Promise<VerifyResult> {
  return verifyChainAt(getEnv().DATABASE_URL, appDb);
}
