import "server-only";
import Database from "better-sqlite3";
import { db as appDb } from "../db";
import { createDb, type Db } from "../db/client";
import { getEnv } from "../env";
import { databaseTarget } from "../db/target.mjs";
import { GENESIS_HASH } from "./hash";
import { contentSql, ENTRY_COLUMNS_SQL } from "./chain-format";
import { checkpointConfig, signingKeyOf, verifierKeyOf, type CheckpointConfig } from "./checkpoint";
import { checkpointCovering, checkSignedLog, type SignedLog } from "./checkpoint-log";
import { readAllCheckpoints } from "./checkpoint-sink";
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

// Rows per page when verifying. On SQLite a page of 10,000 rows (about 7 MB of strings) outlived
// the young generation while it was hashed, so the collector copied and promoted every page:
// pages of 1,000 took about 2 s less at a million entries. On PostgreSQL each page is a round trip.
const SQLITE_PAGE = 1_000;
const PRISMA_PAGE = 10_000;

/** A chain source for `url` (the fast path on SQLite), the page size to walk it with, and how to release it. */
export function chainSourceAt(url: string, db?: Db): { source: ChainSource; pageSize: number; close(): Promise<void> } {
  const target = databaseTarget(url);
  if (target.provider === "sqlite") {
    const source = sqliteChainSource(target.file);
    return { source, pageSize: SQLITE_PAGE, close: async () => source.close() };
  }
  if (db) return { source: prismaChainSource(db), pageSize: PRISMA_PAGE, close: async () => {} };
  const own = createDb(url).db;
  return { source: prismaChainSource(own), pageSize: PRISMA_PAGE, close: () => own.$disconnect() };
}

export interface LogVerifyResult extends VerifyResult {
  /** What the entries were checked against; absent when no checkpoint key is configured. */
  checkpoints?: {
    lines: string[];
    newest?: { number: number; size: number; signedAt: string; keyId: string };
    verifierKey: string;
    sink: string;
    problem?: SignedLog["problem"];
  };
}

/**
 * Verifies the chain stored at `url`, and, with a checkpoint key configured, the signed
 * checkpoints (signatures, no gaps, each consistent with the one before) and that the stored
 * entries reproduce every leaf they signed. Pass the process's client as `db` to reuse its
 * connections on PostgreSQL; otherwise one is made for the call and closed after.
 */
export async function verifyChainAt(
  url: string,
  db?: Db,
  config: CheckpointConfig | undefined = checkpointConfig(),
): Promise<LogVerifyResult> {
  const started = performance.now();
  let signed: SignedLog | undefined;
  if (config) {
    signed = checkSignedLog(await readAllCheckpoints(config.sink), signingKeyOf(config));
  }
  const checkpoints = config &&
    signed && {
      lines: signed.lines,
      ...(signed.checkpoints.length ? { newest: pick(signed.checkpoints.at(-1)!) } : {}),
      verifierKey: verifierKeyOf(config),
      sink: config.sink.describe,
      ...(signed.problem ? { problem: signed.problem } : {}),
    };
  if (signed?.problem) {
    return { ok: false, checked: 0, durationMs: performance.now() - started, checkpoints };
  }
  const leaves = signed && {
    size: signed.size,
    leaf: (i: number) => signed.leaves.subarray(i * 32, i * 32 + 32),
    describe: (seq: number) => {
      const c = checkpointCovering(signed, seq)!;
      return `checkpoint #${c.number} (signed ${c.signedAt})`;
    },
  };
  const { source, pageSize, close } = chainSourceAt(url, db);
  try {
    const result = await verifyChain(source, pageSize, leaves);
    return { ...result, durationMs: performance.now() - started, ...(checkpoints ? { checkpoints } : {}) };
  } finally {
    await close();
  }
}

const pick = (c: SignedLog["checkpoints"][number]) => ({ number: c.number, size: c.size, signedAt: c.signedAt, keyId: c.keyId });

/** The portal's own database, for the "Verify the chain" button. */
export function verifyStoredChain(): Promise<LogVerifyResult> {
  return verifyChainAt(getEnv().DATABASE_URL, appDb);
}
