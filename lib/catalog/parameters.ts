// Checks a value against a CloudFormation parameter definition the way CloudFormation would at
// deploy time, so a bad size or override is caught in the portal instead of by AWS.
import type { TemplateParameter } from "./schemas";

const patternCache = new Map<string, RegExp>();

function fullMatch(pattern: string): RegExp {
  let re = patternCache.get(pattern);
  if (!re) {
    // CloudFormation's AllowedPattern must match the whole value.
    re = new RegExp(`^(?:${pattern})$`, "u");
    patternCache.set(pattern, re);
  }
  return re;
}

/** Undefined when valid, otherwise a sentence saying which rule the value breaks. */
export function checkParameterValue(def: TemplateParameter, value: string): string | undefined {
  if (def.AllowedValues && !def.AllowedValues.includes(value)) {
    return `must be one of ${def.AllowedValues.map((v) => JSON.stringify(v)).join(", ")}`;
  }
  if (def.Type === "Number") {
    if (value.trim() === "" || !Number.isFinite(Number(value))) return "must be a number";
    const n = Number(value);
    if (def.MinValue !== undefined && n < def.MinValue) return `must be at least ${def.MinValue}`;
    if (def.MaxValue !== undefined && n > def.MaxValue) return `must be at most ${def.MaxValue}`;
  }
  if (def.Type === "String") {
    if (def.AllowedPattern !== undefined && !fullMatch(def.AllowedPattern).test(value)) return `must match ${def.AllowedPattern}`;
    if (def.MinLength !== undefined && value.length < def.MinLength) return `must be at least ${def.MinLength} characters`;
    if (def.MaxLength !== undefined && value.length > def.MaxLength) return `must be at most ${def.MaxLength} characters`;
  }
  return undefined;
}

/** Does the value match a blueprint override's own pattern (whole value)? */
export function matchesPattern(pattern: string, value: string): boolean {
  return fullMatch(pattern).test(value);
}
