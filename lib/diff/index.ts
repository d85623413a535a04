// Line diffs for templates, parameters and audit before/after documents. Pure.
// The edit script comes from the `diff` package (jsdiff's Myers diff on arrays of lines); chosen over
// our own Myers on measurements (docs/decisions/libraries.md, npm run bench:diff): the same minimal
// edits and hunks on every real diff, and about 8 times faster on template bodies.
import { diffArrays } from "diff";
import { sortKeys } from "../json";

export type DiffLine =
  | { kind: "same"; text: string; oldLine: number; newLine: number }
  | { kind: "del"; text: string; oldLine: number }
  | { kind: "add"; text: string; newLine: number };

export function diffLines(oldText: string, newText: string): DiffLine[] {
  const a = oldText === "" ? [] : oldText.split("\n");
  const b = newText === "" ? [] : newText.split("\n");
  const out: DiffLine[] = [];
  let oldLine = 0;
  let newLine = 0;
  for (const change of diffArrays(a, b)) {
    for (const text of change.value) {
      if (change.added) out.push({ kind: "add", text, newLine: ++newLine });
      else if (change.removed) out.push({ kind: "del", text, oldLine: ++oldLine });
      else out.push({ kind: "same", text, oldLine: ++oldLine, newLine: ++newLine });
    }
  }
  return out;
}

/** Pretty JSON with sorted keys, so documents that differ only in key order diff as equal. */
export function prettyJson(value: unknown): string {
  return JSON.stringify(sortKeys(typeof value === "string" ? safeParse(value) : value), null, 2) ?? "";
}

function safeParse(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

export interface Hunk {
  lines: DiffLine[];
  /** Unchanged lines folded away before this hunk. */
  skippedBefore: number;
}

/** Groups a diff into hunks with `context` unchanged lines around each change. */
export function hunks(lines: DiffLine[], context = 3): Hunk[] {
  const changed = lines.map((l) => l.kind !== "same");
  const keep = lines.map((_, i) => {
    for (let j = Math.max(0, i - context); j <= Math.min(lines.length - 1, i + context); j++) if (changed[j]) return true;
    return false;
  });
  const result: Hunk[] = [];
  let skipped = 0;
  let current: Hunk | null = null;
  lines.forEach((line, i) => {
    if (!keep[i]) {
      skipped++;
      current = null;
      return;
    }
    if (!current) {
      current = { lines: [], skippedBefore: skipped };
      result.push(current);
      skipped = 0;
    }
    current.lines.push(line);
  });
  return result;
}

export function diffStats(lines: DiffLine[]): { added: number; removed: number } {
  let added = 0;
  let removed = 0;
  for (const l of lines) {
    if (l.kind === "add") added++;
    else if (l.kind === "del") removed++;
  }
  return { added, removed };
}
