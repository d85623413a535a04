import type { AuditContent } from "./hash";

// The one ordered definition of what an entry's hash covers. The hashed bytes are
// canonicalJson(content): these fields in sorted-key order. Everything that writes or reads
// those bytes derives from this list: entryHash's encoder (auditContentJson), the SQLite
// fast path's SQL (contentSql), and the column lists that read or copy entries (ENTRY_COLUMNS).
// chain-format.test.ts fails if the list, the Prisma model and canonicalJson disagree.

/** text: never null; nullable: JSON null when null; optional: left out when absent; at: ISO-8601 with ms; int: a number. */
export type ChainFieldKind = "text" | "nullable" | "optional" | "at" | "int";

export const CHAIN_FIELDS = [
  { name: "action", kind: "text" },
  { name: "actorId", kind: "nullable" },
  { name: "actorLabel", kind: "text" },
  { name: "after", kind: "nullable" },
  { name: "at", kind: "at" },
  { name: "before", kind: "nullable" },
  { name: "clientId", kind: "nullable" },
  { name: "entityId", kind: "nullable" },
  { name: "entityType", kind: "text" },
  { name: "requestId", kind: "nullable" },
  { name: "seq", kind: "int" },
  // Added after entries existed: left out (not null) when absent, so older entries hash as they did.
  { name: "via", kind: "optional" },
] as const satisfies readonly { name: keyof AuditContent; kind: ChainFieldKind }[];

export type ChainFieldName = (typeof CHAIN_FIELDS)[number]["name"];
// A field of AuditContent missing from the list is a compile error here.
const everyContentField: Record<Exclude<keyof AuditContent, ChainFieldName>, never> = {};
void everyContentField;

/** The chain links stored beside the content. */
export const LINK_COLUMNS = ["prevHash", "hash"] as const;
/** Every stored column of an entry, for reads and copies. */
export const ENTRY_COLUMNS = [...CHAIN_FIELDS.map((f) => f.name), ...LINK_COLUMNS] as const;
export const ENTRY_COLUMNS_SQL = ENTRY_COLUMNS.map((c) => `"${c}"`).join(", ");

const str = (v: string | null) => (v === null ? "null" : JSON.stringify(v));
const KEYS = CHAIN_FIELDS.map((f) => `${JSON.stringify(f.name)}:`);

/** canonicalJson(content), written directly in list order (about four times faster than sorting an object). */
export function auditContentJson(c: AuditContent): string {
  let out = "";
  for (let i = 0; i < CHAIN_FIELDS.length; i++) {
    const field = CHAIN_FIELDS[i];
    const value = c[field.name];
    if (field.kind === "optional" && value === undefined) continue;
    out += (out === "" ? "{" : ",") + KEYS[i] + (field.kind === "int" ? JSON.stringify(value) : str((value ?? null) as string | null));
  }
  return `${out}}`;
}

const quote = (column: string) => `json_quote("${column}")`;
// `at` is stored by the SQLite adapter as 2026-01-02T03:04:05.678+00:00 and hashed as …05.678Z;
// any other form yields NULL, which sends the row to the exact check.
const AT_SQL = `(CASE WHEN length("at") = 29 AND substr("at", 24) = '+00:00' THEN '"' || substr("at", 1, 23) || 'Z"' END)`;

/**
 * SQLite: an expression assembling the same bytes as auditContentJson from a stored row
 * (json_quote escapes as JSON.stringify does, except on odd characters, which the verifier re-checks).
 */
export function contentSql(): string {
  const parts: string[] = [];
  CHAIN_FIELDS.forEach((field, i) => {
    const prefix = `${i === 0 ? "{" : ","}"${field.name}":`;
    const value = field.kind === "at" ? AT_SQL : field.kind === "int" ? `"${field.name}"` : quote(field.name);
    parts.push(
      field.kind === "optional"
        ? `(CASE WHEN "${field.name}" IS NULL THEN '' ELSE '${prefix}' || ${value} END)`
        : `'${prefix}' || ${value}`,
    );
  });
  return `${parts.join(" || ")} || '}'`;
}
