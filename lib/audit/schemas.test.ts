import { describe, expect, it } from "vitest";
import { auditSeqSchema, exportFormatSchema, filterQuery, parseAuditSearch, parseUtcBound } from "./schemas";

describe("parseUtcBound", () => {
  it.each<[string, "start" | "end", string | null]>([
    ["2026-03-04", "start", "2026-03-04T00:00:00.000Z"],
    ["2026-03-04", "end", "2026-03-05T00:00:00.000Z"], // a bare date includes the whole day
    ["2026-12-31", "end", "2027-01-01T00:00:00.000Z"],
    ["2026-03-04T10:20", "start", "2026-03-04T10:20:00.000Z"],
    ["2026-03-04T10:20:30.5Z", "start", "2026-03-04T10:20:30.500Z"],
    ["2026-03-04T10:20:30.123", "end", "2026-03-04T10:20:30.124Z"], // a time is included itself
    ["2026-02-29", "start", null], // not a leap year
    ["2026-13-01", "start", null],
    ["2026-03-04T24:00", "start", null],
    ["04/03/2026", "start", null],
    ["yesterday", "start", null],
  ])("%s as %s → %s", (input, edge, expected) => {
    expect(parseUtcBound(input, edge)?.toISOString() ?? null).toBe(expected);
  });
});

describe("parseAuditSearch", () => {
  it("treats blank and missing fields alike and trims what was typed", () => {
    const parsed = parseAuditSearch({ client: "  acme ", actor: "", action: undefined, q: ["  a,b  ", "ignored"] });
    expect(parsed).toEqual({ ok: true, search: { client: "acme", q: "a,b" }, values: { client: "acme", q: "a,b" } });
  });

  it("reads dates as UTC and makes the end date inclusive", () => {
    const parsed = parseAuditSearch({ from: "2026-01-01", to: "2026-01-31", before: "120" });
    expect(parsed.ok && parsed.search).toEqual({
      from: new Date("2026-01-01T00:00:00Z"),
      toExclusive: new Date("2026-02-01T00:00:00Z"),
      before: 120,
    });
  });

  it.each<[string, Record<string, string>, string, RegExp]>([
    ["a malformed date", { from: "01/02/2026" }, "from", /YYYY-MM-DD/],
    ["an end before the start", { from: "2026-02-01", to: "2026-01-01" }, "to", /must not be before/],
    ["a cursor that is not an entry number", { before: "abc" }, "before", /entry number/],
    ["a zero cursor", { before: "0" }, "before", /entry number/],
    ["an over-long free text", { q: "x".repeat(201) }, "q", /at most 200/],
  ])("names the field for %s", (_name, raw, field, message) => {
    const parsed = parseAuditSearch(raw);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.fieldErrors[field]?.join(" ")).toMatch(message);
  });

  it("keeps what was typed when it is invalid, so the form can show it again", () => {
    expect(parseAuditSearch({ from: "soon", actor: "ann@example.com" }).values).toEqual({ from: "soon", actor: "ann@example.com" });
  });
});

describe("filterQuery", () => {
  it.each<[Record<string, string>, Record<string, string | number | undefined>, string]>([
    [{}, {}, ""],
    [{ q: 'a "b"&c', action: "user.signin" }, {}, "?action=user.signin&q=a+%22b%22%26c"],
    [{ client: "acme" }, { before: 51, format: undefined }, "?client=acme&before=51"],
  ])("%j + %j → %s", (values, extra, expected) => {
    expect(filterQuery(values, extra)).toBe(expected);
  });
});

describe("exportFormatSchema", () => {
  it.each([
    [undefined, "csv"],
    ["", "csv"],
    ["csv", "csv"],
    ["ndjson", "ndjson"],
    [["ndjson"], "ndjson"],
  ])("%j → %s", (input, expected) => {
    expect(exportFormatSchema.parse(input)).toBe(expected);
  });

  it("refuses other formats", () => {
    expect(exportFormatSchema.safeParse("xlsx").success).toBe(false);
  });
});

describe("auditSeqSchema", () => {
  it.each([
    ["1", 1],
    ["120", 120],
    ["999999999999999", 999999999999999],
  ])("accepts %s", (input, expected) => {
    expect(auditSeqSchema.parse(input)).toBe(expected);
  });

  it.each(["0", "-1", "01", "1.5", "1e3", "abc", "", "9999999999999999"])("refuses %j", (input) => {
    expect(auditSeqSchema.safeParse(input).success).toBe(false);
  });
});
