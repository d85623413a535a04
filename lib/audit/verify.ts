import "server-only";
import type { Db } from "../db";
import { entryHash, GENESIS_HASH } from "./hash";

export interface VerifyResult {
  ok: boolean;
  checked: number;
  firstBroken?: { seq: number; reason: string };
  durationMs: number;
}

/** Walks the whole chain in sequence order, a page at a time, recomputing every hash. */
export async function verifyAuditChain(db: Db, pageSize = 5000): Promise<VerifyResult> {
  const started = performance.now();
  let prevHash = GENESIS_HASH;
  let expectedSeq = 1;
  let checked = 0;
  let cursor = 0;
  // Entries appended while we walk are not part of this check; the head read first bounds it.
  const headSeq = (await db.auditHead.findUnique({ where: { id: 1 } }))?.seq ?? 0;
  for (;;) {
    const page = await db.auditEntry.findMany({ where: { seq: { gt: cursor, lte: headSeq } }, orderBy: { seq: "asc" }, take: pageSize });
    for (const e of page) {
      const fail = (reason: string) => ({ ok: false, checked, firstBroken: { seq: e.seq, reason }, durationMs: performance.now() - started });
      if (e.seq !== expectedSeq) return fail(`entry ${expectedSeq} is missing`);
      if (e.prevHash !== prevHash) return fail("its link to the previous entry does not match");
      const { hash, prevHash: _prev, ...rest } = e;
      const recomputed = entryHash(prevHash, { ...rest, at: e.at.toISOString() });
      if (recomputed !== hash) return fail("its content does not match its hash");
      prevHash = hash;
      expectedSeq += 1;
      checked += 1;
    }
    if (page.length < pageSize) break;
    cursor = page[page.length - 1].seq;
  }
  if (headSeq !== checked) {
    return { ok: false, checked, firstBroken: { seq: checked + 1, reason: "entries after this point were removed" }, durationMs: performance.now() - started };
  }
  return { ok: true, checked, durationMs: performance.now() - started };
}
