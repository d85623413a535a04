import "server-only";
import { db } from "../db";
import { KIND_LABELS, type Kind } from "../changes/state-machine";
import { ConflictError, NotFoundError } from "../errors";
import { checkpointConfig, signingKeyOf, verifierKeyOf, type CheckpointConfig } from "./checkpoint";
import { checkSignedLog, parseCheckpointFile } from "./checkpoint-log";
import { readAllCheckpoints } from "./checkpoint-sink";
import { isoAt } from "./content-json";
import { DOSSIER_FORMAT, type Dossier } from "./dossier";
import type { AuditContent } from "./hash";
import { inclusionProof, rangeHasher } from "./merkle";

// Builds a request's dossier (lib/audit/dossier.ts says what it holds) from the database and the
// checkpoint store. Proofs are against the newest checkpoint that verifies; entries newer than it
// come without a proof. Reading every checkpoint is linear in the log's size (docs/benchmarks.md).

/** No key is configured, so there is nothing to prove against (409 through the API). */
export class DossierUnavailableError extends ConflictError {}

/** Whether dossiers can be built here (a change-log key is configured). */
export const dossiersAvailable = (): boolean => checkpointConfig() !== undefined;

export async function buildDossier(requestId: string, config: CheckpointConfig | undefined = checkpointConfig()): Promise<Dossier> {
  if (!config) throw new DossierUnavailableError("No change-log key is configured (AUDIT_SIGNING_KEY_FILE or AUDIT_PUBLIC_KEY_FILE).");
  const request = await db.changeRequest.findUnique({
    where: { id: requestId },
    select: { id: true, kind: true, client: { select: { displayName: true } } },
  });
  if (!request) throw new NotFoundError("That change request");
  const rows = await db.auditEntry.findMany({
    where: { OR: [{ requestId }, { entityType: "ChangeRequest", entityId: requestId }] },
    orderBy: { seq: "asc" },
  });

  const files = await readAllCheckpoints(config.sink);
  const log = checkSignedLog(files, signingKeyOf(config));
  const newest = log.checkpoints.at(-1);
  const mth = rangeHasher((i) => log.leaves.subarray(i * 32, i * 32 + 32));
  const note = newest ? parseCheckpointFile(files.find((f) => f.number === newest.number)!.text)?.note : undefined;

  return {
    format: DOSSIER_FORMAT,
    request: { id: request.id, summary: `${KIND_LABELS[request.kind as Kind] ?? request.kind}: ${request.client.displayName}` },
    publicKey: verifierKeyOf(config),
    checkpoint: newest && note ? { number: newest.number, note } : null,
    entries: rows.map((row) => {
      const content: AuditContent = {
        seq: row.seq,
        at: isoAt(row.at),
        actorId: row.actorId,
        actorLabel: row.actorLabel,
        action: row.action,
        entityType: row.entityType,
        entityId: row.entityId,
        clientId: row.clientId,
        before: row.before,
        after: row.after,
        requestId: row.requestId,
        ...(row.via != null ? { via: row.via } : {}),
      };
      const covered = newest && note && row.seq <= newest.size;
      return {
        content,
        prevHash: row.prevHash,
        hash: row.hash,
        proof: covered ? inclusionProof(row.seq - 1, newest.size, mth).map((h) => h.toString("hex")) : null,
      };
    }),
  };
}

export interface CheckpointListing {
  publicKey: string;
  checkpoints: { number: number; size: number; rootHash: string; signedAt: string; keyId: string; note: string }[];
  /** The first problem the check found (a missing, refused or inconsistent checkpoint), in a sentence. */
  problem: string | null;
}

/** Every signed checkpoint that checks out, oldest first, each with its signed note; stops at the first problem and names it. */
export async function listCheckpoints(config: CheckpointConfig | undefined = checkpointConfig()): Promise<CheckpointListing> {
  if (!config) throw new DossierUnavailableError("No change-log key is configured (AUDIT_SIGNING_KEY_FILE or AUDIT_PUBLIC_KEY_FILE).");
  const files = await readAllCheckpoints(config.sink);
  const log = checkSignedLog(files, signingKeyOf(config));
  const notes = new Map(files.map((f) => [f.number, parseCheckpointFile(f.text)?.note ?? ""]));
  return {
    publicKey: verifierKeyOf(config),
    checkpoints: log.checkpoints.map((c) => ({
      number: c.number,
      size: c.size,
      rootHash: c.root.toString("hex"),
      signedAt: c.signedAt,
      keyId: c.keyId,
      note: notes.get(c.number) ?? "",
    })),
    problem: log.problem?.reason ?? null,
  };
}
