import "server-only";
import { auditEntryBatches, type AuditSource } from "./queries";
import { logUnexpected } from "../log";
import { CSV_HEADER, csvLine, ndjsonLine, type ExportRow } from "./format";
import type { AuditFilters, ExportFormat } from "./schemas";

export const EXPORT_CONTENT_TYPES: Record<ExportFormat, string> = {
  csv: "text/csv; charset=utf-8",
  ndjson: "application/x-ndjson; charset=utf-8",
};

/**
 * The matching entries as a byte stream, oldest first. Each pull reads one keyset batch and
 * encodes it, so memory stays at one batch however long the log, and a client that stops
 * reading (or goes away) stops the queries.
 */
export function exportAuditStream(filters: AuditFilters, format: ExportFormat, source?: AuditSource): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  const batches = auditEntryBatches(filters, source);
  const line = format === "csv" ? csvLine : ndjsonLine;
  let started = false;
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      const prefix = !started && format === "csv" ? CSV_HEADER : "";
      started = true;
      let next: IteratorResult<ExportRow[]>;
      try {
        next = await batches.next();
      } catch (error) {
        // The response has started, so no status can change now: the download ends short, and we log why.
        logUnexpected(error, { where: "audit-export" });
        controller.error(new Error("The export stopped early."));
        return;
      }
      if (next.done) {
        if (prefix) controller.enqueue(encoder.encode(prefix));
        controller.close();
        return;
      }
      let chunk = prefix;
      for (const row of next.value) chunk += line(row);
      controller.enqueue(encoder.encode(chunk));
    },
    async cancel() {
      await batches.return(undefined);
    },
  });
}
