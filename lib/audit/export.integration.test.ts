import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "../db";
import { appendAudit, type AuditInput } from "./append";
import { exportAuditStream } from "./export";
import { auditEntryBatches } from "./queries";
import { EXPORT_COLUMNS } from "./format";

// Exports stream keyset batches; the awkward values are the point: commas, quotes, line
// breaks (CR and LF) and non-ASCII text must survive a round trip through CSV and NDJSON.
const run = `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
const action = `test.export.${run}` as const;
const awkward = ['Ann, the "auditor"\nSmith', "plain", "trailing space ", "carriage\r\nreturn", "naïve ☃ — \u2028", ""];

beforeAll(async () => {
  const entries: AuditInput[] = awkward.map((label, i) => ({
    actor: { id: null, label },
    action,
    entityType: "Test",
    entityId: i % 2 ? `e,${i}` : null,
    before: i % 3 ? { note: label } : undefined,
    after: { note: `${label}, again`, n: i },
  }));
  // Enough entries to cross several export batches.
  for (let i = 0; i < 7; i++) entries.push({ actor: { id: null, label: "filler" }, action, entityType: "Test", after: { i } });
  await db.$transaction(async (tx) => {
    for (const e of entries) await appendAudit(tx, e);
  });
});

afterAll(async () => {
  await db.$disconnect();
});

async function readAll(stream: ReadableStream<Uint8Array>): Promise<string> {
  return new Response(stream).text();
}

/** A strict RFC 4180 reader: it rejects stray quotes, so sloppy quoting fails the test. */
function parseCsv(text: string): string[][] {
  const records: string[][] = [];
  let record: string[] = [];
  let i = 0;
  while (i < text.length) {
    let field = "";
    if (text[i] === '"') {
      i++;
      for (;;) {
        if (i >= text.length) throw new Error("unterminated quoted field");
        if (text[i] === '"' && text[i + 1] === '"') [field, i] = [field + '"', i + 2];
        else if (text[i] === '"') break;
        else field += text[i++];
      }
      i++;
    } else {
      while (i < text.length && text[i] !== "," && text[i] !== "\r") {
        if (text[i] === '"' || text[i] === "\n") throw new Error(`unquoted ${JSON.stringify(text[i])} at ${i}`);
        field += text[i++];
      }
    }
    record.push(field);
    if (text[i] === ",") i++;
    else if (text.startsWith("\r\n", i)) [records[records.length], record, i] = [record, [], i + 2];
    else throw new Error(`expected a separator at ${i}`);
  }
  if (record.length) throw new Error("the last record has no line ending");
  return records;
}

const stored = () => db.auditEntry.findMany({ where: { action }, orderBy: { seq: "asc" } });
const asText = (row: Awaited<ReturnType<typeof stored>>[number]) =>
  EXPORT_COLUMNS.map((c) => (c === "at" ? row.at.toISOString() : row[c] === null ? "" : String(row[c])));

describe("the export", () => {
  it("writes well-formed CSV that reads back to the stored values, oldest first", async () => {
    const [header, ...records] = parseCsv(await readAll(exportAuditStream({ action }, "csv")));
    expect(header).toEqual([...EXPORT_COLUMNS]);
    expect(records).toEqual((await stored()).map(asText));
  });

  it("writes one JSON object per line that parses back to the stored values", async () => {
    const text = await readAll(exportAuditStream({ action }, "ndjson"));
    expect(text.endsWith("\n")).toBe(true);
    const lines = text.slice(0, -1).split("\n");
    const rows = await stored();
    expect(lines).toHaveLength(rows.length);
    expect(lines.map((l) => JSON.parse(l))).toEqual(rows.map((r) => ({ ...r, at: r.at.toISOString() })));
  });

  it("applies the same filters as the browser", async () => {
    const text = await readAll(exportAuditStream({ action, q: "again" }, "ndjson"));
    expect(
      text
        .trim()
        .split("\n")
        .map((l) => JSON.parse(l).actorLabel),
    ).toEqual(awkward);
    expect(await readAll(exportAuditStream({ action, q: "no such text" }, "csv"))).toBe(`${EXPORT_COLUMNS.join(",")}\r\n`);
  });

  it("reads in keyset batches that neither overlap nor skip", async () => {
    const batches: number[][] = [];
    for await (const batch of auditEntryBatches({ action }, undefined, 3)) batches.push(batch.map((r) => r.seq));
    expect(batches.slice(0, -1).every((b) => b.length === 3)).toBe(true);
    expect(batches.flat()).toEqual((await stored()).map((r) => r.seq));
  });

  it("stops reading when the download is abandoned", async () => {
    const reader = exportAuditStream({}, "csv").getReader();
    const first = await reader.read();
    expect(new TextDecoder().decode(first.value)).toMatch(/^seq,at,/);
    await reader.cancel();
    expect((await reader.read()).done).toBe(true);
  });
});
