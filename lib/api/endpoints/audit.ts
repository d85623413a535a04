import { z } from "zod";
import { buildDossier, listCheckpoints } from "../../audit/dossier-build";
import { dossierSchema } from "../../audit/dossier";
import { exportAuditStream, EXPORT_CONTENT_TYPES } from "../../audit/export";
import { getAuditEntry, listAuditEntries } from "../../audit/queries";
import { auditSearchSchema, auditSeqSchema, exportFormatSchema } from "../../audit/schemas";
import { NotFoundError } from "../../errors";
import { defineEndpoint } from "../endpoint";
import { nextLink } from "../http";
import { auditEntryDetailSchema, auditEntrySchema, dateTime, pageOf } from "../schemas";

// The change log: the log browser's filters (the same schema), its keyset pages and its export.

const filters = auditSearchSchema; // client, actor, action, q, from, to, before

export const listAuditEndpoint = defineEndpoint({
  operationId: "listAuditEntries",
  method: "GET",
  path: "/audit",
  tag: "Change log",
  summary: "Change-log entries, newest first, with the log browser's filters",
  permission: "audit:read",
  query: filters,
  response: { status: 200, description: "One page (50) of entries.", schema: pageOf(auditEntrySchema, "AuditPage") },
  problems: [422],
  handler: async ({ query, url }) => {
    const page = await listAuditEntries(query);
    return {
      body: {
        // The list's documents and sentence are the portal's; the API's list carries neither (its detail has the documents).
        items: page.entries.map(({ before: _before, after: _after, sentence: _sentence, ...e }) => ({
          ...e,
          at: e.at.toISOString(),
          clientSlug: e.clientId ? (page.clientSlugs[e.clientId] ?? null) : null,
          via: e.via ?? null,
        })),
        next: nextLink(url, "before", page.older),
      },
    };
  },
});

export const exportAuditEndpoint = defineEndpoint({
  operationId: "exportAuditEntries",
  method: "GET",
  path: "/audit/export",
  tag: "Change log",
  summary: "Every matching entry, oldest first, as CSV or NDJSON (with the hashes to check the chain)",
  permission: "audit:read",
  query: z.object({ format: exportFormatSchema.describe("csv (default) or ndjson.") }).and(filters),
  response: { status: 200, description: "A download.", mediaType: "text/csv" },
  problems: [422],
  handler: async ({ query }) => {
    const { before: _before, format, ...rest } = query as z.infer<typeof filters> & { format: "csv" | "ndjson" };
    const stamp = new Date().toISOString().slice(0, 19).replace(/[-:]/g, "").replace("T", "-");
    return new Response(exportAuditStream(rest, format), {
      headers: {
        "Content-Type": EXPORT_CONTENT_TYPES[format],
        "Content-Disposition": `attachment; filename="stackport-audit-${stamp}.${format}"`,
        "Cache-Control": "no-store",
      },
    });
  },
});

export const getAuditEndpoint = defineEndpoint({
  operationId: "getAuditEntry",
  method: "GET",
  path: "/audit/{seq}",
  tag: "Change log",
  summary: "One entry, with its before and after and its chain hashes",
  permission: "audit:read",
  params: z.object({ seq: auditSeqSchema }),
  response: { status: 200, description: "The entry.", schema: auditEntryDetailSchema },
  problems: [404],
  handler: async ({ params }) => {
    const found = await getAuditEntry(params.seq);
    if (!found) throw new NotFoundError("That entry");
    const { entry } = found;
    return {
      body: {
        seq: entry.seq,
        at: entry.at.toISOString(),
        actorId: entry.actorId,
        actorLabel: entry.actorLabel,
        action: entry.action,
        entityType: entry.entityType,
        entityId: entry.entityId,
        clientId: entry.clientId,
        clientSlug: found.clientSlug,
        via: entry.via,
        before: entry.before,
        after: entry.after,
        prevHash: entry.prevHash,
        hash: entry.hash,
      },
    };
  },
});

export const getDossierEndpoint = defineEndpoint({
  operationId: "getRequestDossier",
  method: "GET",
  path: "/requests/{id}/dossier",
  tag: "Change log",
  summary: "A request's dossier: its entries with inclusion proofs, the signed checkpoint and the public key",
  description:
    "Checkable without the portal: `npm run audit:verify-dossier -- file.json --key <the published key>`. " +
    "Entries newer than the newest checkpoint come with `proof: null` (covered by the hash chain only). 409 when no change-log key is configured.",
  permission: "audit:read",
  params: z.object({ id: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, "must be a request id") }),
  response: { status: 200, description: "The dossier.", schema: dossierSchema.meta({ id: "Dossier" }) },
  problems: [404, 409],
  handler: async ({ params }) => ({ body: await buildDossier(params.id) }),
});

const checkpointListSchema = z
  .object({
    publicKey: z.string().describe("The log's verifier key (C2SP note form); compare it with the one you were given."),
    checkpoints: z.array(
      z.object({
        number: z.number().int(),
        size: z.number().int().describe("Entries the checkpoint covers (entries 1 … size)."),
        rootHash: z.string().describe("RFC 9162 Merkle tree head, hex."),
        signedAt: dateTime,
        keyId: z.string(),
        note: z.string().describe("The checkpoint as a C2SP signed note."),
      }),
    ),
    problem: z
      .string()
      .nullable()
      .describe("The first checkpoint that is missing, refused or inconsistent, in a sentence; null when all check out."),
  })
  .meta({ id: "CheckpointList" });

export const listCheckpointsEndpoint = defineEndpoint({
  operationId: "listAuditCheckpoints",
  method: "GET",
  path: "/audit/checkpoints",
  tag: "Change log",
  summary: "The change log's signed checkpoints, oldest first, each checked (signature, none missing, each consistent with the one before)",
  permission: "audit:read",
  response: { status: 200, description: "The checkpoints that check out, and the first problem if any.", schema: checkpointListSchema },
  problems: [409],
  handler: async () => ({ body: await listCheckpoints() }),
});
