import { isoAt } from "./content-json";
import { entryHash, GENESIS_HASH, type StoredEntry } from "./hash";

// Whether one stored entry is a link of the chain around it, checked from three rows (the entry
// and its two neighbours) rather than by walking the whole log. Pure. The executor asks this of
// each approval's entry before it counts the approval: a row inserted into the log by SQL without
// recomputing every later hash fails here. (One who recomputes the chain is caught only by the
// signed checkpoints: npm run audit:verify.)

/** True when the entry's hash recomputes from its own content and its prevHash. */
export function hashRecomputes(row: StoredEntry): boolean {
  const { hash, prevHash, via, at, ...content } = row;
  return entryHash(prevHash, { ...content, at: isoAt(at), ...(via != null ? { via } : {}) }) === hash;
}

/**
 * Null when `entry` recomputes, links to the entry before it (or to the genesis as #1) and is
 * linked to by the entry after it (when one exists, or it is the head); otherwise why not.
 */
export function chainLinkProblem(
  entry: StoredEntry,
  previous: { seq: number; hash: string } | undefined,
  next: { seq: number; prevHash: string } | undefined,
  head: { seq: number; lastHash: string },
): string | null {
  if (!hashRecomputes(entry)) return `entry #${entry.seq}'s hash does not match its content`;
  if (entry.seq === 1 ? entry.prevHash !== GENESIS_HASH : previous?.seq !== entry.seq - 1 || previous.hash !== entry.prevHash)
    return `entry #${entry.seq} does not link to the entry before it`;
  if (entry.seq > head.seq) return `entry #${entry.seq} lies beyond the log's head (#${head.seq})`;
  if (entry.seq === head.seq ? head.lastHash !== entry.hash : next?.seq !== entry.seq + 1 || next.prevHash !== entry.hash)
    return `entry #${entry.seq} is not linked to by the entry after it`;
  return null;
}
