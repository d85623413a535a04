// `npm run bench:diff`: lib/diff (the `diff` package's diffArrays since issue 13) against our former
// hand-written Myers diff and jsdiff's diffLines, on the portal's real diffs: every pair of
// stateless-web sizes and a set of revision pairs, as the review page diffs them (pretty JSON bodies and "Key = Value" parameter lines), plus an unrelated pair.
// For each: both sides rebuilt from the edit script, the edit count against the minimum (from an
// LCS table), the hunks a reviewer reads, and the time per diff in one run. Decisions:
// docs/decisions/libraries.md.
//   npx tsx bench/diff.ts [--iterations 30]
import { readFileSync } from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import { diffLines as jsdiffDiffLines } from "diff";
import { parse } from "yaml";
import { getBlueprint } from "../lib/catalog";
import { diffLines, hunks, prettyJson, type DiffLine } from "../lib/diff";
import { parametersText } from "../lib/changes/revision-diff";
import { renderStack, type RenderInput } from "../lib/render";

const { values } = parseArgs({ options: { iterations: { type: "string", default: "30" } } });
const iterations = Number(values.iterations);

/** The former lib/diff (hand-written Myers, until the commit that switched to jsdiff): the baseline of the decision. */
function myersLines(oldText: string, newText: string): DiffLine[] {
  const a = oldText === "" ? [] : oldText.split("\n");
  const b = newText === "" ? [] : newText.split("\n");
  const n = a.length;
  const m = b.length;
  const max = n + m;
  const offset = max + 1;
  const v = new Int32Array(2 * max + 3);
  const trace: Int32Array[] = [];
  outer: for (let d = 0; d <= max; d++) {
    trace.push(v.slice());
    for (let k = -d; k <= d; k += 2) {
      let x = k === -d || (k !== d && v[offset + k - 1] < v[offset + k + 1]) ? v[offset + k + 1] : v[offset + k - 1] + 1;
      let y = x - k;
      while (x < n && y < m && a[x] === b[y]) {
        x++;
        y++;
      }
      v[offset + k] = x;
      if (x >= n && y >= m) break outer;
    }
  }
  // Walk the trace backwards to recover the edit script.
  const out: DiffLine[] = [];
  let x = n;
  let y = m;
  for (let d = trace.length - 1; d >= 0; d--) {
    const vd = trace[d];
    const k = x - y;
    const prevK = k === -d || (k !== d && vd[offset + k - 1] < vd[offset + k + 1]) ? k + 1 : k - 1;
    const prevX = vd[offset + prevK];
    const prevY = prevX - prevK;
    while (x > prevX && y > prevY) {
      x--;
      y--;
      out.push({ kind: "same", text: a[x], oldLine: x + 1, newLine: y + 1 });
    }
    if (d === 0) break;
    if (x === prevX) {
      y--;
      out.push({ kind: "add", text: b[y], newLine: y + 1 });
    } else {
      x--;
      out.push({ kind: "del", text: a[x], oldLine: x + 1 });
    }
  }
  return out.reverse();
}

/** The same on jsdiff's diffLines, whose lines keep their "\n" (so both texts get a final one). */
function jsdiffTextLines(oldText: string, newText: string): DiffLine[] {
  const out: DiffLine[] = [];
  let x = 0;
  let y = 0;
  const withNewline = (t: string) => (t === "" ? "" : `${t}\n`);
  for (const change of jsdiffDiffLines(withNewline(oldText), withNewline(newText))) {
    for (const text of change.value.slice(0, -1).split("\n")) {
      if (change.added) out.push({ kind: "add", text, newLine: ++y });
      else if (change.removed) out.push({ kind: "del", text, oldLine: ++x });
      else out.push({ kind: "same", text, oldLine: ++x, newLine: ++y });
    }
  }
  return out;
}

/** The fewest added + removed lines any diff can have: n + m − 2·LCS. */
function minimalEdits(oldText: string, newText: string): number {
  const a = oldText === "" ? [] : oldText.split("\n");
  const b = newText === "" ? [] : newText.split("\n");
  let prev = new Int32Array(b.length + 1);
  let row = new Int32Array(b.length + 1);
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) row[j] = a[i - 1] === b[j - 1] ? prev[j - 1] + 1 : Math.max(prev[j], row[j - 1]);
    [prev, row] = [row, prev];
  }
  return a.length + b.length - 2 * prev[b.length];
}

const side = (lines: DiffLine[], kind: "del" | "add") =>
  lines
    .filter((l) => l.kind === "same" || l.kind === kind)
    .map((l) => l.text)
    .join("\n");
const edits = (lines: DiffLine[]) => lines.filter((l) => l.kind !== "same").length;

// The inputs: rendered revisions as the review page shows them.
const bp = getBlueprint("stateless-web")!;
const input = (sizeId: string, change: Partial<RenderInput> = {}): RenderInput => ({
  blueprintId: bp.id,
  sizeId,
  client: { displayName: "Bench Client Pty Ltd", environment: "staging", region: "us-east-1", owner: "bench" },
  metadata: { revision: 1 },
  ...change,
});
const revision = (i: RenderInput) => {
  const r = renderStack(i);
  const stored = { body: r.body, parameters: JSON.stringify(r.parameters), tags: JSON.stringify(r.tags) };
  return { body: prettyJson(stored.body), parameters: parametersText(stored) };
};
const sizes = bp.sizes.map((s) => s.id);
const pairs: { name: string; kind: "body" | "parameters" | "stress"; old: string; new: string }[] = [];
const add = (name: string, a: ReturnType<typeof revision> | null, b: ReturnType<typeof revision>) => {
  pairs.push({ name: `${name} body`, kind: "body", old: a?.body ?? "", new: b.body });
  pairs.push({ name: `${name} parameters`, kind: "parameters", old: a?.parameters ?? "", new: b.parameters });
};
for (const from of sizes) for (const to of sizes) if (from !== to) add(`${from}→${to}`, revision(input(from)), revision(input(to)));
for (const size of sizes) {
  const base = revision(input(size));
  add(`${size} first revision`, null, base);
  add(`${size} rev 1→2`, base, revision(input(size, { metadata: { revision: 2 } })));
  add(`${size} mysql`, base, revision(input(size, { overrides: { DatabaseEngine: "mysql" } })));
  add(`${size} new region`, base, revision(input(size, { client: { ...input(size).client, region: "eu-west-1" } })));
}
// Not a real revision: two unrelated templates, the worst case for an O(ND) diff.
const portal = prettyJson(
  parse(readFileSync(path.join(process.cwd(), "templates/portal/template.yaml"), "utf8"), { version: "1.1", logLevel: "error" }),
);
pairs.push({ name: "large body → portal template", kind: "stress", old: revision(input("large")).body, new: portal });

// Correctness and size of the output.
{
  const stress = pairs[pairs.length - 1];
  const [n, m] = [stress.old.split("\n").length, stress.new.split("\n").length];
  const d = minimalEdits(stress.old, stress.new);
  // The former Myers kept one copy of its V array (2(n+m)+3 int32s) per edit step d to walk back.
  const traceMb = ((d + 1) * (2 * (n + m) + 3) * 4) / 2 ** 20;
  console.log(`unrelated pair: ${n} → ${m} lines, ${d} edits; the former Myers' trace holds ${traceMb.toFixed(0)} MB for it`);
}
type Impl = { name: string; diff: (a: string, b: string) => DiffLine[] };
const impls: Impl[] = [
  { name: "former hand-written Myers", diff: myersLines },
  { name: "lib/diff (jsdiff diffArrays)", diff: diffLines },
  { name: "jsdiff diffLines", diff: jsdiffTextLines },
];
const quality = impls.map(() => ({ rebuilt: 0, minimal: 0, edits: 0, hunks: 0, sameHunks: 0 }));
let minimumTotal = 0;
for (const p of pairs) {
  const minimum = minimalEdits(p.old, p.new);
  minimumTotal += minimum;
  const outs = impls.map((impl) => impl.diff(p.old, p.new));
  outs.forEach((lines, i) => {
    const q = quality[i];
    if (side(lines, "del") === p.old && side(lines, "add") === p.new) q.rebuilt++;
    if (edits(lines) === minimum) q.minimal++;
    q.edits += edits(lines);
    q.hunks += hunks(lines).length;
    if (JSON.stringify(hunks(lines)) === JSON.stringify(hunks(outs[0]))) q.sameHunks++;
  });
}
const lineCount = pairs.reduce((t, p) => t + p.old.split("\n").length + p.new.split("\n").length, 0);
console.log(
  `${pairs.length} diffs (${sizes.length} sizes; ${lineCount.toLocaleString("en")} lines in all); minimum edits in all: ${minimumTotal}\n`,
);
console.log(
  `${"".padEnd(22)}${"both sides rebuilt".padStart(20)}${"minimal".padStart(10)}${"edits".padStart(8)}${"hunks".padStart(8)}${"hunks = former".padStart(14)}`,
);
impls.forEach((impl, i) => {
  const q = quality[i];
  const of = (n: number) => `${n}/${pairs.length}`;
  console.log(
    `${impl.name.padEnd(22)}${of(q.rebuilt).padStart(20)}${of(q.minimal).padStart(10)}${String(q.edits).padStart(8)}${String(q.hunks).padStart(8)}${of(q.sameHunks).padStart(14)}`,
  );
});

// Speed: each implementation over every pair, interleaved, median of the runs.
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const kinds = ["body", "parameters", "stress"] as const;
const times = impls.map(() => Object.fromEntries(kinds.map((k) => [k, [] as number[]])) as Record<(typeof kinds)[number], number[]>);
for (let run = -3; run < iterations; run++) {
  impls.forEach((impl, i) => {
    for (const kind of kinds) {
      const start = performance.now();
      for (const p of pairs) if (p.kind === kind) impl.diff(p.old, p.new);
      if (run >= 0) times[i][kind].push(performance.now() - start);
    }
  });
}
const count = (kind: string) => pairs.filter((p) => p.kind === kind).length;
console.log(`\ntime per diff, median of ${iterations} runs (ms)   ${kinds.map((k) => `${k} (${count(k)})`.padStart(16)).join("")}`);
impls.forEach((impl, i) =>
  console.log(`${impl.name.padEnd(44)}${kinds.map((k) => (median(times[i][k]) / count(k)).toFixed(3).padStart(16)).join("")}`),
);
for (const i of [1, 2])
  console.log(
    `${`${impls[i].name} ÷ former`.padEnd(44)}${kinds.map((k) => `${(median(times[i][k]) / median(times[0][k])).toFixed(2)}×`.padStart(16)).join("")}`,
  );
