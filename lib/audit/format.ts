// Export formats for the change log. Pure. Values are written exactly as stored, so an
// export can be checked against the chain with nothing but the file and a SHA-256 tool; in CSV
// only, a cell a spreadsheet would run as a formula starts with an added ' (csvField).
import type { StoredEntry } from "./hash";

export type ExportRow = StoredEntry<Date>;

export const EXPORT_COLUMNS = [
  "seq",
  "at",
  "actorId",
  "actorLabel",
  "action",
  "entityType",
  "entityId",
  "clientId",
  "before",
  "after",
  "requestId",
  "via",
  "prevHash",
  "hash",
] as const satisfies readonly (keyof ExportRow)[];

/**
 * RFC 4180: quote a field holding a comma, quote or line break (or edge spaces), doubling its
 * quotes. Null is an empty field. A text cell starting with = + - @ tab or CR gets a leading '
 * (OWASP's CSV-injection rule), so a spreadsheet shows it rather than running it as a formula:
 * NDJSON is the export that is byte-exact for checking the chain.
 */
export function csvField(value: string | number | null): string {
  if (value === null) return "";
  const text = typeof value === "string" && /^[=+\-@\t\r]/.test(value) ? `'${value}` : String(value);
  return /[",\r\n]|^\s|\s$/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

const cells = (row: ExportRow) => EXPORT_COLUMNS.map((c) => (c === "at" ? row.at.toISOString() : (row[c] ?? null)));

export const CSV_HEADER = `${EXPORT_COLUMNS.join(",")}\r\n`;

export function csvLine(row: ExportRow): string {
  return `${cells(row).map(csvField).join(",")}\r\n`;
}

/** One JSON object per line; JSON escapes line breaks inside values, so a line is always one entry. */
export function ndjsonLine(row: ExportRow): string {
  return `${JSON.stringify(Object.fromEntries(EXPORT_COLUMNS.map((c, i) => [c, cells(row)[i]])))}\n`;
}
