// Canonical JSON: keys sorted, no whitespace. The same template object always yields the same
// bytes, whatever order its keys were built in, so the body hash identifies the deployment.
// Compact rather than indented because CloudFormation caps TemplateBody at 51,200 bytes.
const frozenCache = new WeakMap<object, string>();

export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== "object") {
    if (value === undefined || typeof value === "function" || typeof value === "symbol") throw new TypeError("not JSON-serialisable");
    if (typeof value === "number" && !Number.isFinite(value)) throw new TypeError("non-finite number");
    return JSON.stringify(value);
  }
  // Catalog templates are deeply frozen and shared between renders: serialise each once.
  const frozen = Object.isFrozen(value);
  if (frozen) {
    const hit = frozenCache.get(value);
    if (hit !== undefined) return hit;
  }
  let out: string;
  if (Array.isArray(value)) {
    out = `[${value.map(canonicalJson).join(",")}]`;
  } else {
    const obj = value as Record<string, unknown>;
    const keys = Object.keys(obj)
      .filter((k) => obj[k] !== undefined)
      .sort();
    out = `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson(obj[k])}`).join(",")}}`;
  }
  if (frozen) frozenCache.set(value, out);
  return out;
}
