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
  const [neighbours, head] = await Promise.all([
    seqs.length ? tx.auditEntry.findMany({ where: { seq: { in: seqs } }, select: { seq: true, hash: true, prevHash: true } }) : [],
    tx.auditHead.findUniqueOrThrow({ where: { id: 1 } }),
  ]);
  const bySeq = new Map(neighbours.map((n) => [n.seq, n]));
  return new Map(entries.map((e) => [e.seq, chainLinkProblem(e, bySeq.get(e.seq - 1), bySeq.get(e.seq + 1), head)]));
}
