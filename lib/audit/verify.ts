import "server-only";
import { hash as oneShotHash } from "node:crypto";
import type { Db } from "../db";
import { raw } from "@prisma/client/runtime/client";
import { GENESIS_HASH, type StoredEntry } from "./hash";
import { isoAt } from "./content-json";
import { auditContentJson, ENTRY_COLUMNS_SQL } from "./chain-format";
import { leafHash } from "./merkle";

export type TamperKind =
  "chain" | "edited" | "forged-tail" | "truncated" | "beyond-head" | "missing-checkpoint" | "bad-signature" | "bad-checkpoint";

export interface VerifyResult {
  ok: boolean;
  checked: number;
  /** The first entry that fails; `missing` when the entry itself is gone (there is nothing to open). */
  firstBroken?: { seq: number; reason: string; missing?: boolean; kind?: TamperKind };
  durationMs: number;
}

/** Leaf hashes signed in checkpoints, to compare the stored entries with (lib/audit/checkpoint-log.ts). */
export interface SignedLeaves {
  size: number;
  leaf(index: number): Buffer;
  /** Says which checkpoint first covers `seq`, e.g. "checkpoint #3 (signed 2026-12-01T10:00:00.000Z)". */
  describe(seq: number): string;
}

/** One stored entry as a driver returns it (`at` may be a Date or the stored text). */
export type ChainRow = StoredEntry;

/**
 * An entry whose hashed content the database already assembled (see verify-url.ts), or null
 * when it could not. Only a fast path: a mismatch is re-checked from the full row.
 */
export interface PrebuiltRow {
  seq: number;
  prevHash: string;
  hash: string;
  content: string | null;
}

/** Where the verifier reads from: Prisma for any database, better-sqlite3 for speed on SQLite. */
export interface ChainSource {
  head(): Promise<{ seq: number; lastHash: string }>;
  /** The highest seq stored, 0 when empty. */
  lastSeq(): Promise<number>;
  /** Up to `limit` entries with after < seq <= upTo, in ascending order. */
  page(after: number, upTo: number, limit: number): Promise<(ChainRow | PrebuiltRow)[]>;
  /** The full row, for sources whose pages hold prebuilt content. */
  entry?(seq: number): Promise<ChainRow | undefined>;
}

// entryHash's bytes (hash.ts) with the one-shot crypto.hash: a createHash object per entry cost
// about a microsecond more, a second over a million entries. "\n" keeps the two texts' UTF-8 apart.
const sha256 = (prevHash: string, content: string) => oneShotHash("sha256", `${prevHash}\n${content}`, "hex");
export const contentOfRow = (row: ChainRow) => {
  const { hash: _hash, prevHash: _prev, via, ...content } = row;
  return auditContentJson({ ...content, at: isoAt(row.at), ...(via != null ? { via } : {}) });
};

/** The hashed content when it matches the entry's hash (synchronous: an `await` per entry costs microseconds under Next.js). */
export function matchingContent(prevHash: string, e: ChainRow | PrebuiltRow): string | undefined {
  const content = "content" in e ? e.content : contentOfRow(e);
  return content !== null && sha256(prevHash, content) === e.hash ? content : undefined;
}

/** The database's JSON quoting may differ from JavaScript's on some odd character: decide from the full row. */
export async function fullRowContent(source: ChainSource, prevHash: string, e: ChainRow | PrebuiltRow): Promise<string | undefined> {
  if (!("content" in e)) return undefined;
  const full = await source.entry?.(e.seq);
  return full === undefined ? undefined : matchingContent(prevHash, full);
}

const yieldToEventLoop = () => new Promise<void>((resolve) => setImmediate(resolve));
const YIELD_EVERY_MS = 100;

/**
 * Walks the chain in sequence order a page at a time, recomputing every hash. The head is read
 * first and bounds the walk: entries appended meanwhile belong to the next check. Pages are
 * separate short reads, so a long verification never holds a lock that writers wait on.
 *
 * With `signed`, every entry a checkpoint covers must also have the leaf hash the checkpoint
 * signed: the chain alone can be recomputed by anyone who can write the database, the signed
 * leaves cannot. Differences are named by kind: one edited entry (later ones still match), a
 * replaced tail (every entry from one on differs), or a truncated tail (signed entries gone).
 */
export async function verifyChain(source: ChainSource, pageSize = 10_000, signed?: SignedLeaves): Promise<VerifyResult> {
  const started = performance.now();
  const head = await source.head();
  let prevHash = GENESIS_HASH;
  let expected = 1;
  let lastYield = performance.now();
  let firstDiff = 0;
  let lastMatch = 0;
  const result = (firstBroken?: VerifyResult["firstBroken"]): VerifyResult => ({
    ok: !firstBroken,
    checked: expected - 1,
    ...(firstBroken ? { firstBroken } : {}),
    durationMs: performance.now() - started,
  });
  const signedDifference = (): VerifyResult["firstBroken"] | undefined => {
    if (!signed || !firstDiff) return undefined;
    if (lastMatch < firstDiff) {
      const last = Math.min(expected - 1, signed.size);
      return {
        seq: firstDiff,
        kind: "forged-tail",
        reason: `entries ${firstDiff} to ${last} are not the ones ${signed.describe(firstDiff)} signed: the log's tail from entry ${firstDiff} was replaced`,
      };
    }
    return {
      seq: firstDiff,
      kind: "edited",
      reason: `it was edited: its content is not what ${signed.describe(firstDiff)} signed (the hash chain was recomputed to hide it)`,
    };
  };
  const leafSize = signed?.size ?? 0;
  while (expected <= head.seq) {
    const page = await source.page(expected - 1, head.seq, pageSize);
    if (page.length === 0) break;
    for (const e of page) {
      if (e.seq !== expected) {
        return result(
          signedDifference() ?? {
            seq: expected,
            missing: true,
            kind: "chain",
            reason: `it is missing (entry ${e.seq} follows entry ${expected - 1})`,
          },
        );
      }
      if (e.prevHash !== prevHash)
        return result(signedDifference() ?? { seq: e.seq, kind: "chain", reason: "its link to the previous entry does not match" });
      const content = matchingContent(prevHash, e) ?? (await fullRowContent(source, prevHash, e));
      if (content === undefined)
        return result(signedDifference() ?? { seq: e.seq, kind: "chain", reason: "its content does not match its hash" });
      if (e.seq <= leafSize) {
        if (leafHash(content).equals(signed!.leaf(e.seq - 1))) lastMatch = e.seq;
        else if (!firstDiff) firstDiff = e.seq;
      }
      prevHash = e.hash;
      expected += 1;
    }
    // A million entries take seconds of CPU: let the server answer other requests now and then.
    if (performance.now() - lastYield > YIELD_EVERY_MS) {
      await yieldToEventLoop();
      lastYield = performance.now();
    }
  }
  const difference = signedDifference();
  if (difference) return result(difference);
  if (expected <= head.seq) {
    return result({
      seq: expected,
      missing: true,
      kind: "chain",
      reason: `it and every later entry up to the head (entry ${head.seq}) are missing`,
    });
  }
  if (signed && head.seq < signed.size) {
    return result({
      seq: head.seq + 1,
      missing: true,
      kind: "truncated",
      reason: `it and every later entry up to ${signed.size} are gone: ${signed.describe(signed.size)} signed ${signed.size} entries, the log now ends at entry ${head.seq} (a truncated tail)`,
    });
  }
  if (prevHash !== head.lastHash)
    return result({ seq: head.seq, kind: "chain", reason: "the chain head does not match the hash of the last entry" });
  // Rows written straight into the table (not through appendAudit) sit beyond the head, outside
  // the walk. Reading the highest seq before the head again keeps honest appends from racing in:
  // each moves the head in the transaction that inserts its row.
  const lastSeq = await source.lastSeq();
  const headNow = await source.head();
  if (lastSeq > headNow.seq) {
    return result({
      seq: headNow.seq + 1,
      kind: "beyond-head",
      reason: `entries up to ${lastSeq} were added beyond the chain head (entry ${headNow.seq}), not through the portal`,
    });
  }
  return result();
}

/** Reads through Prisma with raw SQL, which skips most of the client's per-row work. */
export function prismaChainSource(db: Db): ChainSource {
  return {
    async head() {
      return (
        (await db.auditHead.findUnique({ where: { id: 1 }, select: { seq: true, lastHash: true } })) ?? { seq: 0, lastHash: GENESIS_HASH }
      );
    },
    async lastSeq() {
      return (await db.auditEntry.aggregate({ _max: { seq: true } }))._max.seq ?? 0;
    },
    page(after, upTo, limit) {
      return db.$queryRaw<ChainRow[]>`
        SELECT ${raw(ENTRY_COLUMNS_SQL)}
        FROM "AuditEntry" WHERE "seq" > ${after} AND "seq" <= ${upTo} ORDER BY "seq" LIMIT ${limit}`;
    },
  };
}

export function verifyAuditChain(db: Db, pageSize = 10_000): Promise<VerifyResult> {
  return verifyChain(prismaChainSource(db), pageSize);
}
