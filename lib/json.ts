// JSON helpers shared by the diff view and the API's request fingerprints. (The change log's
// canonical form lives in lib/audit/hash.ts and the template's in lib/render/canonical.ts: each is
// a stored format with its own rules, so it keeps its own code.)

/** The value with object keys sorted at every level, so documents that differ only in key order compare equal. */
export function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value && typeof value === "object") {
    return Object.fromEntries(
      Object.keys(value)
        .sort()
        .map((k) => [k, sortKeys((value as Record<string, unknown>)[k])]),
    );
  }
  return value;
}
