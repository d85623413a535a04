import { diffLines, diffStats, prettyJson, type DiffLine } from "../diff";

// An audit entry's before/after documents as a line diff. Pure. Both sides are pretty-printed
// with sorted keys first, so a change in key order never shows up as a change.

export interface AuditDiff {
  lines: DiffLine[];
  added: number;
  removed: number;
}

/** A stored document as lines to compare; a missing side (a create has no "before") is empty. */
export function documentText(stored: string | null): string {
  return stored === null ? "" : prettyJson(stored);
}

export function diffAuditDocuments(before: string | null, after: string | null): AuditDiff {
  const lines = diffLines(documentText(before), documentText(after));
  return { lines, ...diffStats(lines) };
}
