// `npm run bench:highlight`: the YAML highlighter (lib/yaml/tokenize.ts + components/ui/code-block)
// against shiki on the catalog's templates. Quality: each non-blank character's class (key,
// string, number, boolean, comment, tag, punctuation, and CloudFormation intrinsic) against a
// reference built from the `yaml` package's own parse; server CPU per render of the large
// template. Page payload and first-load JS need a production build: docs/decisions/libraries.md.
//   npx tsx bench/highlight.ts [--iterations 40]
import { readFileSync } from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import { createElement } from "react";
import { renderToString } from "react-dom/server";
import { createHighlighter } from "shiki";
import { createJavaScriptRegexEngine } from "shiki/engine/javascript";
import { CST, isScalar, Lexer, parseDocument, visit } from "yaml";
import { getBlueprint } from "../lib/catalog";
import { templateView } from "../lib/catalog/view";
import { tokenizeYaml, type TokenKind } from "../lib/yaml/tokenize";
import { CodeBlock } from "../components/ui/code-block";

const { values } = parseArgs({ options: { iterations: { type: "string", default: "40" } } });
const iterations = Number(values.iterations);
const THEME = "github-dark";

type Kind = Exclude<TokenKind, "plain">;
const KINDS: Kind[] = ["key", "intrinsic", "string", "number", "boolean", "comment", "tag", "punctuation"];
const INTRINSIC = /^(Ref|Condition|Fn::[A-Za-z0-9]+|![A-Za-z0-9]+(?:::[A-Za-z0-9]+)?)$/;

/** The reference: every character's class, from the yaml package's lexer and document (YAML 1.1, as CloudFormation reads it). */
function reference(text: string): (Kind | null)[] {
  const out: (Kind | null)[] = new Array(text.length).fill(null);
  const mark = (from: number, to: number, kind: Kind) => {
    for (let i = from; i < to; i++) if (!/\s/.test(text[i])) out[i] = kind;
  };
  let offset = 0;
  for (const token of new Lexer().lex(text)) {
    // The lexer also emits one-character markers (document, scalar, flow-end) that are not in the text.
    if (token === CST.DOCUMENT || token === CST.SCALAR || token === CST.FLOW_END) continue;
    const type = CST.tokenType(token);
    if (type === "comment") mark(offset, offset + token.length, "comment");
    else if (type === "tag") mark(offset, offset + token.length, INTRINSIC.test(token) ? "intrinsic" : "tag");
    else if (type && /-ind$|^flow-|^comma$/.test(type)) mark(offset, offset + token.length, "punctuation");
    else if (type === "block-scalar-header") mark(offset, offset + token.length, "punctuation");
    offset += token.length;
  }
  const doc = parseDocument(text, { version: "1.1", uniqueKeys: false, logLevel: "error" });
  visit(doc, {
    Pair(_, pair) {
      if (isScalar(pair.key) && pair.key.range) {
        mark(pair.key.range[0], pair.key.range[1], INTRINSIC.test(String(pair.key.value)) ? "intrinsic" : "key");
      }
    },
    Scalar(key, node) {
      if (key === "key" || !node.range) return;
      const v = node.value;
      const kind: Kind = typeof v === "number" ? "number" : typeof v === "boolean" || v === null ? "boolean" : "string";
      // A tag before the value, and a block scalar's header, keep their own class (marked above).
      for (let i = node.range[0]; i < node.range[1]; i++) if (out[i] === null && !/\s/.test(text[i])) out[i] = kind;
    },
  });
  return out;
}

function ours(text: string): (Kind | null)[] {
  const out: (Kind | null)[] = [];
  for (const line of tokenizeYaml(text)) {
    for (const t of line) for (const c of t.text) out.push(t.kind === "plain" || /\s/.test(c) ? null : t.kind);
    out.push(null); // the newline
  }
  return out;
}

const highlighter = await createHighlighter({ themes: [THEME], langs: ["yaml"] });
const jsHighlighter = await createHighlighter({ themes: [THEME], langs: ["yaml"], engine: createJavaScriptRegexEngine() });

/** shiki's TextMate scopes → the same classes (its YAML grammar has no notion of CloudFormation intrinsics). */
function shikiKinds(text: string): (Kind | null)[] {
  const out: (Kind | null)[] = [];
  const lines = highlighter.codeToTokens(text, { lang: "yaml", theme: THEME, includeExplanation: "scopeName" }).tokens;
  for (const line of lines) {
    for (const token of line) {
      for (const part of token.explanation ?? []) {
        const scopes = part.scopes.map((s) => s.scopeName).join(" ");
        const kind: Kind | null = /\bcomment\b/.test(scopes)
          ? "comment"
          : /entity\.name\.tag/.test(scopes)
            ? "key"
            : /storage\.type\.tag|entity\.name\.type|tag-handle/.test(scopes)
              ? "tag"
              : /constant\.numeric/.test(scopes)
                ? "number"
                : /constant\.language/.test(scopes)
                  ? "boolean"
                  : /\bstring\b/.test(scopes)
                    ? "string"
                    : /punctuation|keyword\.control|indicator/.test(scopes)
                      ? "punctuation"
                      : null;
        for (const c of part.content) out.push(kind && !/\s/.test(c) ? kind : null);
      }
    }
    out.push(null);
  }
  return out;
}

// The inputs: what the catalog pages show (each size's long-form template) and the two source templates (short-form tags, comments, block scalars).
const bp = getBlueprint("stateless-web")!;
const inputs: { name: string; text: string }[] = bp.sizes.map((s) => ({ name: `${s.id} (page)`, text: templateView(bp, s).yaml }));
for (const file of ["templates/stateless-web/template.yaml", "templates/portal/template.yaml"])
  inputs.push({ name: file, text: readFileSync(path.join(process.cwd(), file), "utf8") });

/** Agreement with the reference: per class, the share of its characters given that class; `cfn` false folds intrinsic into key/tag. */
function score(ref: (Kind | null)[], got: (Kind | null)[], cfn: boolean) {
  const fold = (k: Kind | null, isKeyContext: boolean) => (!cfn && k === "intrinsic" ? (isKeyContext ? "key" : "tag") : k);
  const perKind = new Map<Kind, { n: number; ok: number }>();
  let n = 0;
  let ok = 0;
  ref.forEach((r, i) => {
    if (r === null) return;
    const keyish = r === "key" || (r === "intrinsic" && got[i] !== "tag");
    const want = fold(r, keyish) as Kind;
    const have = fold(got[i] ?? null, got[i] === "key" || got[i] === "intrinsic");
    const entry = perKind.get(want) ?? { n: 0, ok: 0 };
    entry.n++;
    n++;
    if (have === want) {
      entry.ok++;
      ok++;
    }
    perKind.set(want, entry);
  });
  return { overall: ok / n, perKind };
}

const pct = (x: number) => `${(100 * x).toFixed(1)}%`;
console.log(`highlight quality: share of non-blank characters classed as the yaml package's parse classes them`);
console.log(
  `${"input".padEnd(40)}${"lines".padStart(7)}${"ours".padStart(9)}${"shiki".padStart(9)}${"ours, CFN".padStart(11)}${"shiki, CFN".padStart(12)}`,
);
const totals = { ours: new Map<Kind, { n: number; ok: number }>(), shiki: new Map<Kind, { n: number; ok: number }>() };
for (const input of inputs) {
  const ref = reference(input.text);
  const a = ours(input.text);
  const b = shikiKinds(input.text);
  if (a.length !== input.text.length + 1 && a.length !== input.text.length) throw new Error(`ours: length mismatch on ${input.name}`);
  const [ya, yb, ca, cb] = [score(ref, a, false), score(ref, b, false), score(ref, a, true), score(ref, b, true)];
  for (const [name, s] of [
    ["ours", ca],
    ["shiki", cb],
  ] as const)
    for (const [k, v] of s.perKind) {
      const t = totals[name].get(k) ?? { n: 0, ok: 0 };
      totals[name].set(k, { n: t.n + v.n, ok: t.ok + v.ok });
    }
  console.log(
    `${input.name.padEnd(40)}${String(input.text.split("\n").length).padStart(7)}${pct(ya.overall).padStart(9)}${pct(yb.overall).padStart(9)}${pct(ca.overall).padStart(11)}${pct(cb.overall).padStart(12)}`,
  );
}
console.log(`\nper class, all inputs (CloudFormation classes)   ${KINDS.map((k) => k.padStart(12)).join("")}`);
for (const name of ["ours", "shiki"] as const) {
  console.log(
    `${name.padEnd(48)}${KINDS.map((k) => {
      const t = totals[name].get(k);
      return (t ? pct(t.ok / t.n) : "–").padStart(12);
    }).join("")}`,
  );
}
console.log(`${"characters".padEnd(48)}${KINDS.map((k) => String(totals.ours.get(k)?.n ?? 0).padStart(12)).join("")}`);

// Server CPU per render of the large template, as the page renders it.
const large = inputs.find((i) => i.name.startsWith("large"))!.text;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
function time(fn: () => string): { ms: number; bytes: number } {
  let bytes = 0;
  for (let i = 0; i < 5; i++) bytes = fn().length;
  const ts: number[] = [];
  for (let i = 0; i < iterations; i++) {
    const start = performance.now();
    fn();
    ts.push(performance.now() - start);
  }
  return { ms: median(ts), bytes };
}
const label = "Large template";
const rows: [string, { ms: number; bytes: number }][] = [
  ["ours: tokenizeYaml only", time(() => JSON.stringify(tokenizeYaml(large)))],
  ["ours: <CodeBlock> to HTML", time(() => renderToString(createElement(CodeBlock, { code: large, label })))],
  ["shiki (Oniguruma WASM): codeToHtml", time(() => highlighter.codeToHtml(large, { lang: "yaml", theme: THEME }))],
  ["shiki (JavaScript RegExp): codeToHtml", time(() => jsHighlighter.codeToHtml(large, { lang: "yaml", theme: THEME }))],
];
console.log(`\nserver CPU per render of the large template (${large.split("\n").length} lines), median of ${iterations}`);
for (const [name, r] of rows)
  console.log(`${name.padEnd(44)}${`${r.ms.toFixed(2)} ms`.padStart(12)}${`${(r.bytes / 1024).toFixed(0)} KB out`.padStart(14)}`);
