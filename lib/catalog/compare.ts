// Plain-language difference between two sizes of a blueprint, for the resize request screen and
// the approver: what changes, what it means operationally, and what it does to the monthly bill.
import { NotFoundError } from "../errors";
import type { Blueprint, Size } from "./types";
import { findSize } from "./sizes";

export interface SizeChange {
  label: string;
  from: string;
  to: string;
  note?: string;
}
export interface SizeComparison {
  changes: SizeChange[];
  sentences: string[];
  monthlyDeltaUsd: number;
}

export function formatUsdDelta(delta: number): string {
  const rounded = Math.round(delta);
  if (rounded === 0) return "no change in the monthly estimate";
  const amount = Math.abs(rounded).toLocaleString("en-US");
  return `${rounded > 0 ? "+" : "−"}$${amount}/month`;
}

function sizeOrThrow(blueprint: Blueprint, id: string): Size {
  const size = findSize(blueprint, id);
  if (!size) throw new NotFoundError(`Size ${id} of blueprint ${blueprint.id}`);
  return size;
}

function valueOf(blueprint: Blueprint, size: Size, name: string): string {
  return size.parameters[name] ?? blueprint.templateParameters[name]?.Default ?? "";
}

export function compareSizes(blueprint: Blueprint, fromSizeId: string, toSizeId: string): SizeComparison {
  const from = sizeOrThrow(blueprint, fromSizeId);
  const to = sizeOrThrow(blueprint, toSizeId);
  const changes: SizeChange[] = [];
  const sentences: string[] = [];

  for (const [name, words] of Object.entries(blueprint.sizeParameters)) {
    const a = valueOf(blueprint, from, name);
    const b = valueOf(blueprint, to, name);
    if (a === b) continue;
    const isFlag = (a === "true" || a === "false") && (b === "true" || b === "false");
    const decreased = Number.isFinite(Number(a)) && Number.isFinite(Number(b)) && Number(b) < Number(a);
    const note = (decreased ? words.decreaseNote : undefined) ?? words.note;
    const show = (v: string) => (isFlag ? (v === "true" ? "yes" : "no") : words.unit ? `${v} ${words.unit}` : v);
    const change: SizeChange = { label: words.label, from: show(a), to: show(b), ...(note ? { note } : {}) };
    changes.push(change);
    const headline = isFlag && (b === "true" ? words.whenTrue : words.whenFalse);
    const base = headline || `${words.label} ${change.from} → ${change.to}`;
    sentences.push(note ? `${base} (${note})` : base);
  }

  const monthlyDeltaUsd = Math.round((to.cost.monthlyUsd - from.cost.monthlyUsd) * 100) / 100;
  sentences.push(formatUsdDelta(monthlyDeltaUsd));
  return { changes, sentences, monthlyDeltaUsd };
}
