import "server-only";
import type { Tx } from "../db";
import { chainLinkProblem } from "./chain-link";
import type { StoredEntry } from "./hash";

/**
 * For each entry, why it is not a link of the hash chain (null when it is), from one read of its
 * neighbours and the head: how approvals prove their change-log entry (lib/changes/approved-bytes.ts,
 * lib/rollouts/decide.ts).
 */
export async function chainLinkProblems(tx: Tx, entries: readonly StoredEntry[]): Promise<Map<number, string | null>> {
  const seqs = entries.flatMap((e) => [e.seq - 1, e.seq + 1]);
  // The head first, then the neighbours, one after the other: under PostgreSQL's READ COMMITTED
  // each statement sees every append the one before it saw, so the entry after the head's is
  // always there to be read. The other order could see a head that an append committed after
  // the neighbours were read, and call the newest entry unlinked (chain-entries.integration.test.ts).
  const head = await tx.auditHead.findUniqueOrThrow({ where: { id: 1 } });
  const neighbours = seqs.length
    ? await tx.auditEntry.findMany({ where: { seq: { in: seqs } }, select: { seq: true, hash: true, prevHash: true } })
    : [];
  const bySeq = new Map(neighbours.map((n) => [n.seq, n]));
  return new Map(entries.map((e) => [e.seq, chainLinkProblem(e, bySeq.get(e.seq - 1), bySeq.get(e.seq + 1), head)]));
}
