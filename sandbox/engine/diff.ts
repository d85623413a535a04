// Property comparison for updates, change sets and drift detection.
import { Unknown, type Value } from "../template/intrinsics";
import type { Json } from "../template/parse";
import type { PropertyDifference } from "./model";

/** Scalars compare by their string form: CloudFormation passes "80" and 80 alike. */
export function sameValue(a: Value | undefined, b: Value | undefined): boolean {
  if (a instanceof Unknown || b instanceof Unknown) return false;
  if (a === b) return true;
  if (a === undefined || b === undefined || a === null || b === null) return false;
  if (Array.isArray(a) || Array.isArray(b)) {
    if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) return false;
    return a.every((x, i) => sameValue(x, b[i]));
  }
  if (typeof a === "object" || typeof b === "object") {
    if (typeof a !== "object" || typeof b !== "object") return false;
    const ka = Object.keys(a);
    const kb = Object.keys(b);
    if (ka.length !== kb.length) return false;
    return ka.every((k) => k in b && sameValue((a as Record<string, Value>)[k], (b as Record<string, Value>)[k]));
  }
  return String(a) === String(b);
}

/** Top-level property names whose values differ (an Unknown value counts as a difference). */
export function changedProperties(before: Record<string, Json>, after: Record<string, Value>): string[] {
  const names = new Set([...Object.keys(before), ...Object.keys(after)]);
  return [...names].filter((n) => !sameValue(before[n], after[n]));
}

export type { PropertyDifference } from "./model";

const show = (v: Json | undefined) => (v === undefined ? "" : typeof v === "object" ? JSON.stringify(v) : String(v));

/** Leaf-level differences with JSON-pointer paths, as DescribeStackResourceDrifts reports them. */
export function propertyDifferences(expected: Json | undefined, actual: Json | undefined, path = ""): PropertyDifference[] {
  if (sameValue(expected, actual)) return [];
  if (expected === undefined) return [{ PropertyPath: path, ExpectedValue: "", ActualValue: show(actual), DifferenceType: "ADD" }];
  if (actual === undefined) return [{ PropertyPath: path, ExpectedValue: show(expected), ActualValue: "", DifferenceType: "REMOVE" }];
  const bothObjects =
    expected && actual && typeof expected === "object" && typeof actual === "object" && Array.isArray(expected) === Array.isArray(actual);
  if (!bothObjects) return [{ PropertyPath: path, ExpectedValue: show(expected), ActualValue: show(actual), DifferenceType: "NOT_EQUAL" }];
  const e = expected as Record<string, Json>;
  const a = actual as Record<string, Json>;
  const keys = [...new Set([...Object.keys(e), ...Object.keys(a)])];
  return keys.flatMap((k) => propertyDifferences(e[k], a[k], `${path}/${k}`));
}

/** Applies JSON-pointer overrides ("/Tags/0/Value" → v) to a copy of `base`. */
export function applyOverrides(base: Record<string, Json>, overrides: Record<string, Json | { __removed: true }>): Record<string, Json> {
  const out = structuredClone(base);
  for (const [pointer, value] of Object.entries(overrides)) {
    const parts = pointer.replace(/^\//, "").split("/");
    let node: Record<string, Json> | Json[] = out;
    for (const p of parts.slice(0, -1)) {
      const container = node as Record<string, Json>;
      if (container[p] === undefined || typeof container[p] !== "object" || container[p] === null) container[p] = {};
      node = container[p] as Record<string, Json>;
    }
    const last = parts[parts.length - 1];
    if (value && typeof value === "object" && "__removed" in value) {
      if (Array.isArray(node)) node.splice(Number(last), 1);
      else delete (node as Record<string, Json>)[last];
    } else (node as Record<string, Json>)[last] = value as Json;
  }
  return out;
}
