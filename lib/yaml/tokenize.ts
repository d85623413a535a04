// A small YAML tokenizer for CloudFormation templates, used by components/ui/code-block. Pure.
// It classifies text into tokens that React renders as text nodes — no HTML is ever built from the input, so nothing in a template can
// inject markup. Line by line, with just enough state for block scalars and quoted strings that
// continue onto the next line; anything it does not recognise stays plain text.

export type TokenKind = "key" | "intrinsic" | "string" | "number" | "boolean" | "comment" | "tag" | "punctuation" | "plain";
export interface Token {
  kind: TokenKind;
  text: string;
}

/** CloudFormation intrinsic functions and condition references, in long and short form. */
const INTRINSIC = /^(Ref|Condition|Fn::[A-Za-z0-9]+|![A-Za-z0-9]+(?:::[A-Za-z0-9]+)?)$/;
const NUMBER = /^[-+]?(?:0|[1-9][\d_]*)(?:\.\d+)?(?:[eE][-+]?\d+)?$|^0x[\da-fA-F]+$|^[-+]?\.(?:inf|Inf|INF)$|^\.(?:nan|NaN|NAN)$/;
const BOOLEAN = /^(?:true|false|True|False|TRUE|FALSE|yes|no|Yes|No|YES|NO|on|off|On|Off|ON|OFF|null|Null|NULL|~)$/;

type State = { mode: "normal" } | { mode: "block"; indent: number } | { mode: "quoted"; quote: '"' | "'" };

/** End index (exclusive) of a quoted string starting at `start`, or -1 if it does not close on this line. */
function closingQuote(line: string, start: number, quote: '"' | "'"): number {
  for (let i = start + 1; i < line.length; i++) {
    if (quote === '"' && line[i] === "\\") i++;
    else if (line[i] === quote) {
      if (quote === "'" && line[i + 1] === "'") i++;
      else return i + 1;
    }
  }
  return -1;
}

/** Where a mapping key's ": " (or final ":") is, outside quotes; -1 if the line has no key. */
function keyEnd(line: string, start: number): number {
  if (line[start] === '"' || line[start] === "'") {
    const end = closingQuote(line, start, line[start] as '"' | "'");
    return end > 0 && line[end] === ":" && (end + 1 === line.length || line[end + 1] === " ") ? end : -1;
  }
  if ("{[|>#!&*%@`".includes(line[start] ?? "")) return -1;
  for (let i = start; i < line.length; i++) {
    if (line[i] === ":" && (i + 1 === line.length || line[i + 1] === " ")) return i;
    if (line[i] === "#" && line[i - 1] === " ") return -1;
  }
  return -1;
}

function scalarKind(text: string): TokenKind {
  if (NUMBER.test(text)) return "number";
  if (BOOLEAN.test(text)) return "boolean";
  return "string";
}

/** Tokens of a value: tag, quoted or plain scalar, flow punctuation, trailing comment. */
function valueTokens(line: string, start: number, out: Token[]): State {
  let i = start;
  let depth = 0; // inside [ ] or { }, where , ] } end a scalar
  const push = (kind: TokenKind, end: number) => {
    const last = out[out.length - 1];
    if (end > i && kind === "plain" && last?.kind === "plain") last.text += line.slice(i, end);
    else if (end > i) out.push({ kind, text: line.slice(i, end) });
    i = end;
  };
  while (i < line.length) {
    const c = line[i];
    if (c === " ") push("plain", i + 1);
    else if (c === "#" && (i === 0 || line[i - 1] === " ")) push("comment", line.length);
    else if (c === "!") {
      const end = line.indexOf(" ", i);
      const stop = end < 0 ? line.length : end;
      push(INTRINSIC.test(line.slice(i, stop)) ? "intrinsic" : "tag", stop);
    } else if (c === '"' || c === "'") {
      const end = closingQuote(line, i, c);
      push("string", end < 0 ? line.length : end);
      if (end < 0) return { mode: "quoted", quote: c };
    } else if ((c === "|" || c === ">") && /^[|>][-+0-9]*\s*(#.*)?$/.test(line.slice(i))) {
      push("punctuation", line.length);
      return { mode: "block", indent: -1 };
    } else if ("[{".includes(c) || (depth > 0 && ",]}".includes(c))) {
      depth += c === "[" || c === "{" ? 1 : c === "," ? 0 : -1;
      push("punctuation", i + 1);
    } else {
      let end = i;
      while (end < line.length && !(line[end] === " " && line[end + 1] === "#") && !(depth > 0 && ",]}".includes(line[end]))) end++;
      const text = line.slice(i, end).trimEnd();
      push(scalarKind(text), i + text.length);
    }
  }
  return { mode: "normal" };
}

function lineTokens(line: string, state: State, out: Token[]): State {
  const indent = line.length - line.trimStart().length;
  if (state.mode === "block") {
    // A block scalar runs while lines are blank or indented deeper than its parent key.
    if (line.trim() === "" || indent > state.indent) {
      out.push({ kind: "string", text: line });
      return state;
    }
    state = { mode: "normal" };
  }
  if (state.mode === "quoted") {
    const end = closingQuote(` ${line}`, 0, state.quote);
    if (end < 0) {
      out.push({ kind: "string", text: line });
      return state;
    }
    out.push({ kind: "string", text: line.slice(0, end - 1) });
    return valueTokens(line, end - 1, out);
  }
  let i = indent;
  if (indent > 0) out.push({ kind: "plain", text: line.slice(0, indent) });
  while (line.startsWith("- ", i) || line.slice(i) === "-") {
    out.push({ kind: "punctuation", text: "-" });
    const next = line.slice(i + 1).length - line.slice(i + 1).trimStart().length;
    if (next > 0) out.push({ kind: "plain", text: line.slice(i + 1, i + 1 + next) });
    i += 1 + next;
  }
  const colon = keyEnd(line, i);
  if (colon > 0) {
    const key = line.slice(i, colon);
    out.push({ kind: INTRINSIC.test(key) ? "intrinsic" : "key", text: key });
    out.push({ kind: "punctuation", text: ":" });
    const next = valueTokens(line, colon + 1, out);
    return next.mode === "block" ? { mode: "block", indent } : next;
  }
  // Block scalar content is indented deeper than the line that opens it.
  const next = valueTokens(line, i, out);
  return next.mode === "block" ? { mode: "block", indent } : next;
}

/** YAML text → lines of tokens. Joining a line's token texts gives back the line exactly. */
export function tokenizeYaml(text: string): Token[][] {
  const lines = text.replace(/\n$/, "").split("\n");
  let state: State = { mode: "normal" };
  return lines.map((line) => {
    const out: Token[] = [];
    state = lineTokens(line, state, out);
    return out;
  });
}
