import { z } from "zod";
import type { FieldErrors } from "../errors";

// The log browser's filters, shared by the page, the export route handler and the tests.
// They arrive as URL search parameters (a GET form, so a filtered view is a shareable link).

export const AUDIT_PAGE_SIZE = 50;

export const FILTER_FIELDS = ["client", "actor", "action", "q", "from", "to"] as const;
export type FilterField = (typeof FILTER_FIELDS)[number];
/** The filters as typed, trimmed: what the form shows again and what links carry along. */
export type FilterValues = Partial<Record<FilterField, string>>;

export interface AuditFilters {
  client?: string; // slug or id
  actor?: string; // email or label (system, tracker, identity provider …)
  action?: string;
  q?: string; // free text
  from?: Date; // inclusive
  toExclusive?: Date;
}

export interface AuditSearch extends AuditFilters {
  before?: number; // keyset cursor: entries with a lower seq
}

type Raw = Record<string, string | string[] | undefined>;
const first = (value: unknown) => (Array.isArray(value) ? value[0] : value) ?? "";

const text = (max: number) =>
  z.preprocess(first, z.string().trim().max(max, `Use at most ${max} characters.`)).transform((v) => v || undefined);

const DATE = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,3}))?)?Z?)?$/;

/**
 * A date (YYYY-MM-DD) or date and time, always read as UTC whatever the server's zone.
 * As an upper bound a bare date means the whole day, a time means up to and including it.
 */
export function parseUtcBound(value: string, edge: "start" | "end"): Date | null {
  const m = DATE.exec(value);
  if (!m) return null;
  const [, y, mo, d, h, mi, s, ms] = m;
  const parts = [
    Number(y),
    Number(mo) - 1,
    Number(d),
    Number(h ?? 0),
    Number(mi ?? 0),
    Number(s ?? 0),
    Number((ms ?? "0").padEnd(3, "0")),
  ] as const;
  const date = new Date(Date.UTC(...parts));
  // Date.UTC rolls 2026-02-31 over into March; a date that does not exist is a typo.
  if (
    date.getUTCFullYear() !== parts[0] ||
    date.getUTCMonth() !== parts[1] ||
    date.getUTCDate() !== parts[2] ||
    parts[3] > 23 ||
    parts[4] > 59 ||
    parts[5] > 59
  )
    return null;
  if (edge === "start") return date;
  return new Date(date.getTime() + (h === undefined ? 24 * 3600 * 1000 : 1));
}

const bound = (edge: "start" | "end") =>
  text(40).transform((v, ctx) => {
    if (v === undefined) return undefined;
    const date = parseUtcBound(v, edge);
    if (!date) {
      ctx.addIssue({ code: "custom", message: "Enter a date as YYYY-MM-DD (UTC)." });
      return z.NEVER;
    }
    return date;
  });

export const auditSearchSchema = z
  .object({
    client: text(100),
    actor: text(200),
    action: text(100),
    q: text(200),
    from: bound("start"),
    to: bound("end"),
    before: text(12).transform((v, ctx) => {
      if (v === undefined) return undefined;
      if (!/^\d+$/.test(v) || Number(v) < 1 || !Number.isSafeInteger(Number(v))) {
        ctx.addIssue({ code: "custom", message: "The page cursor must be an entry number." });
        return z.NEVER;
      }
      return Number(v);
    }),
  })
  .superRefine((s, ctx) => {
    if (s.from && s.to && s.from >= s.to)
      ctx.addIssue({ code: "custom", path: ["to"], message: "The end date must not be before the start date." });
  })
  .transform(({ to, ...rest }): AuditSearch => ({ ...rest, toExclusive: to }));

export const exportFormatSchema = z.preprocess((v) => first(v) || "csv", z.enum(["csv", "ndjson"], { message: "Choose csv or ndjson." }));
export type ExportFormat = z.infer<typeof exportFormatSchema>;

/** An entry number from a URL segment; anything else is "not found". */
export const auditSeqSchema = z
  .string()
  .regex(/^[1-9]\d{0,14}$/)
  .transform(Number)
  .refine((n) => Number.isSafeInteger(n));

export type ParsedSearch =
  { ok: true; search: AuditSearch; values: FilterValues } | { ok: false; fieldErrors: FieldErrors; values: FilterValues };

export function parseAuditSearch(raw: Raw): ParsedSearch {
  const values: FilterValues = {};
  for (const field of FILTER_FIELDS) {
    const v = String(first(raw[field])).trim();
    if (v) values[field] = v;
  }
  const parsed = auditSearchSchema.safeParse(raw);
  if (parsed.success) return { ok: true, search: parsed.data, values };
  const fieldErrors: FieldErrors = {};
  for (const issue of parsed.error.issues) (fieldErrors[issue.path.join(".") || "form"] ??= []).push(issue.message);
  return { ok: false, fieldErrors, values };
}

/** The query string for these filters (and optionally a cursor), in a stable order. */
export function filterQuery(values: FilterValues, extra: Record<string, string | number | undefined> = {}): string {
  const params = new URLSearchParams();
  for (const field of FILTER_FIELDS) if (values[field]) params.set(field, values[field]!);
  for (const [k, v] of Object.entries(extra)) if (v !== undefined && v !== "") params.set(k, String(v));
  const query = params.toString();
  return query ? `?${query}` : "";
}
