"use client";

import { tokenizeYaml } from "@/lib/yaml/tokenize";
import { cn } from "./cn";

// A client component so the page's payload carries the YAML once, as a string (as a server
// component every token element went out twice, in the HTML and the RSC payload). It still
// renders on the server; the browser re-tokenizes to hydrate.

// Colours hang off the parent as [data-token] selectors, so each of the ~8,000 tokens of a large
// template carries one short attribute instead of a class list.
const COLORS = cn(
  "[&_[data-token=key]]:text-sky-300",
  "[&_[data-token=intrinsic]]:font-semibold [&_[data-token=intrinsic]]:text-fuchsia-300",
  "[&_[data-token=string]]:text-emerald-300",
  "[&_[data-token=number]]:text-amber-300",
  "[&_[data-token=boolean]]:text-violet-300",
  "[&_[data-token=comment]]:italic [&_[data-token=comment]]:text-slate-400",
  "[&_[data-token=tag]]:text-fuchsia-300",
  "[&_[data-token=punctuation]]:text-slate-400",
);

/** Highlighted, line-numbered, horizontally scrollable and keyboard-focusable YAML. */
export function CodeBlock({ code, label, className }: { code: string; label: string; className?: string }) {
  const lines = tokenizeYaml(code);
  const numbers = lines.map((_, n) => n + 1).join("\n");
  // Adjacent plain text (indentation, newlines) is merged into one string: React separates
  // neighbouring text children with <!-- --> in server HTML, thousands of times here.
  const children: React.ReactNode[] = [];
  let text = "";
  lines.forEach((tokens, n) => {
    tokens.forEach((t, i) => {
      if (t.kind === "plain") {
        text += t.text;
        return;
      }
      if (text) children.push(text);
      text = "";
      children.push(
        <span key={`${n}.${i}`} data-token={t.kind}>
          {t.text}
        </span>,
      );
    });
    if (n < lines.length - 1) text += "\n";
  });
  if (text) children.push(text);
  return (
    <pre
      tabIndex={0}
      role="region"
      aria-label={label}
      className={cn(
        "flex max-h-[70vh] overflow-auto rounded-lg bg-slate-950 py-3 font-mono text-[13px] leading-5 text-slate-100 shadow-inner",
        COLORS,
        className,
      )}
    >
      {/* One text node for all line numbers, outside the code so copying skips them. */}
      <span
        aria-hidden="true"
        className="sticky left-0 shrink-0 select-none border-r border-slate-800 bg-slate-950 pl-3 pr-3 text-right text-slate-400"
      >
        {numbers}
      </span>
      <code className="block grow px-4">{children}</code>
    </pre>
  );
}
