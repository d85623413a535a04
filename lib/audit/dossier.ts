// A change request's dossier: its change-log entries, each with an RFC 9162 inclusion proof
// against one signed checkpoint, the checkpoint itself and the log's public key, in one JSON file
// that anyone can check without the portal, its database or the network (verifyDossier below;
// `npm run audit:verify-dossier -- file.json`). Pure.
import { z } from "zod";
import { auditContentJson } from "./chain-format";
import { entryHash, type AuditContent } from "./hash";
import { leafHash, verifyInclusion } from "./merkle";
import { openNote, parseCheckpointBody, parseVerifierKey } from "./signed-note";

export const DOSSIER_FORMAT = "stackport-dossier/1";

const hex32 = z.string().regex(/^[0-9a-f]{64}$/);
const contentSchema = z.object({
  seq: z.number().int().positive(),
  at: z.string(),
  actorId: z.string().nullable(),
  actorLabel: z.string(),
  action: z.string(),
  entityType: z.string(),
  entityId: z.string().nullable(),
  clientId: z.string().nullable(),
  before: z.string().nullable(),
  after: z.string().nullable(),
  requestId: z.string().nullable(),
  via: z.string().optional(),
});

export const dossierSchema = z.object({
  format: z.literal(DOSSIER_FORMAT),
  request: z.object({ id: z.string(), summary: z.string() }),
  /** The log's verifier key (C2SP note form: <name>+<key id>+<key>). Compare it with the one your portal publishes. */
  publicKey: z.string(),
  checkpoint: z.object({ number: z.number().int().positive(), note: z.string() }).nullable(),
  entries: z.array(
    z.object({
      content: contentSchema,
      prevHash: hex32,
      hash: hex32,
      /** Sibling hashes from the leaf up; null for an entry newer than the checkpoint. */
      proof: z.array(hex32).nullable(),
    }),
  ),
});
export type Dossier = z.infer<typeof dossierSchema>;

export interface DossierCheck {
  ok: boolean;
  /** One sentence per thing checked, for people. */
  lines: string[];
  problems: string[];
  checkpoint?: { number: number; size: number; signedAt: string; keyId: string };
}

/** The text that a leaf hashes: the entry's content exactly as the chain hashed it. */
export const leafOfContent = (content: AuditContent) => leafHash(auditContentJson(content));

/**
 * Checks a dossier: the checkpoint's signature by the log's key (by `trustedKey` when given, which
 * the dossier's own key must then equal), each entry's hash, and each entry's inclusion proof
 * against the signed root. Entries after the checkpoint are reported as covered by the chain only.
 */
export function verifyDossier(input: unknown, trustedKey?: string): DossierCheck {
  const lines: string[] = [];
  const problems: string[] = [];
  const done = (checkpoint?: DossierCheck["checkpoint"]): DossierCheck => ({ ok: problems.length === 0, lines, problems, checkpoint });
  const parsed = dossierSchema.safeParse(input);
  if (!parsed.success) {
    problems.push(`The file is not a Stackport dossier: ${parsed.error.issues[0]?.path.join(".") || "its shape"} is wrong.`);
    return done();
  }
  const dossier = parsed.data;
  if (trustedKey !== undefined && trustedKey.trim() !== dossier.publicKey.trim()) {
    problems.push("The dossier names another key than the one you trust: it was not signed by your portal's log.");
    return done();
  }
  let key: ReturnType<typeof parseVerifierKey>;
  try {
    key = parseVerifierKey(dossier.publicKey);
  } catch (error) {
    problems.push(`The public key ${(error as Error).message}.`);
    return done();
  }
  const keyId = key.id.toString("hex");
  if (trustedKey === undefined)
    lines.push(`Checked against the key in the file (${key.name}, key id ${keyId}): compare it with the one your portal publishes.`);
  else lines.push(`The dossier names the key you trust (${key.name}, key id ${keyId}).`);

  let signed: { size: number; root: Buffer; number: number; signedAt: string } | undefined;
  if (dossier.checkpoint) {
    const opened = openNote(dossier.checkpoint.note, key.name, key.publicKey);
    const body = opened.ok ? parseCheckpointBody(opened.body) : undefined;
    if (!opened.ok) problems.push(`Checkpoint #${dossier.checkpoint.number} is refused: ${opened.reason}.`);
    else if (!body || body.origin !== key.name || body.number !== dossier.checkpoint.number) {
      problems.push(`Checkpoint #${dossier.checkpoint.number}'s signed text is not this log's checkpoint #${dossier.checkpoint.number}.`);
    } else {
      signed = body;
      lines.push(
        `Checkpoint #${body.number} (${body.size.toLocaleString("en-US")} entries, signed ${body.signedAt}) carries a valid signature.`,
      );
    }
  } else {
    lines.push("No checkpoint covers these entries yet: they are protected by the hash chain only.");
  }

  let proven = 0;
  let chainOnly = 0;
  for (const entry of dossier.entries) {
    const { content } = entry;
    const label = `Entry ${content.seq} (${content.action})`;
    if (content.requestId !== dossier.request.id && content.entityId !== dossier.request.id) {
      problems.push(`${label} is not about request ${dossier.request.id}.`);
      continue;
    }
    if (entryHash(entry.prevHash, content) !== entry.hash) {
      problems.push(`${label} does not match its hash: its content was changed.`);
      continue;
    }
    if (!signed || content.seq > signed.size) {
      chainOnly += 1;
      continue;
    }
    const proof = (entry.proof ?? []).map((h) => Buffer.from(h, "hex"));
    if (!entry.proof || !verifyInclusion(content.seq - 1, signed.size, leafOfContent(content), proof, signed.root)) {
      problems.push(`${label} is not in the log that checkpoint #${signed.number} signed.`);
      continue;
    }
    proven += 1;
  }
  if (proven) lines.push(`${proven} of ${dossier.entries.length} entries are proven to be in the signed log.`);
  if (chainOnly)
    lines.push(`${chainOnly} entr${chainOnly === 1 ? "y is" : "ies are"} newer than the checkpoint: covered by the hash chain only.`);
  if (!dossier.entries.length) problems.push("The dossier holds no entries.");
  return done(signed && { number: signed.number, size: signed.size, signedAt: signed.signedAt, keyId });
}
