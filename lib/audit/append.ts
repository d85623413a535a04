import "server-only";
import type { Tx } from "../db";
import type { AuditAction } from "./actions";
import { canonicalJson, entryHash, type AuditContent } from "./hash";
import { currentAuditVia } from "./via";

export interface Actor {
  id: string | null;
  label: string; // email, or "system" / "tracker" for the portal's own work
}

export interface AuditInput {
  actor: Actor;
  /** One of AUDIT_ACTIONS; `test.*` only in the change log's own tests of the chain. */
  action: AuditAction | `test.${string}`;
  entityType: string;
  entityId?: string | null;
  clientId?: string | null;
  before?: unknown;
  after?: unknown;
  requestId?: string | null;
  /** How the actor acted; defaults to the surrounding call's (lib/audit/via.ts: the API sets "api:<token id>"). */
  via?: string;
}

const json = (value: unknown) => (value === undefined || value === null ? null : canonicalJson(value));

/**
 * Appends one entry to the hash-chained change log inside the caller's transaction.
 * Bumping the single head row first takes its row lock (PostgreSQL) or the write lock
 * (SQLite), so concurrent appenders — even in other processes — queue behind each other
 * and each links to the hash the previous one wrote.
 */
export async function appendAudit(tx: Tx, input: AuditInput): Promise<{ seq: number; hash: string }> {
  const head = await tx.auditHead.update({ where: { id: 1 }, data: { seq: { increment: 1 } } });
  const content = contentOf(input, head.seq, new Date().toISOString());
  const hash = entryHash(head.lastHash, content);
  await tx.auditEntry.create({ data: { ...content, at: new Date(content.at), prevHash: head.lastHash, hash } });
  await tx.auditHead.update({ where: { id: 1 }, data: { lastHash: hash } });
  return { seq: head.seq, hash };
}

/**
 * Appends several entries, in order, as appendAudit would one by one, in three statements: the
 * head moves by their number first (the same lock), the entries are written in one insert, then
 * the head takes the last hash. For bulk writers (the fleet seed); one state change still writes
 * its entry with appendAudit.
 */
export async function appendAuditMany(tx: Tx, inputs: readonly AuditInput[]): Promise<{ seq: number; hash: string } | null> {
  if (inputs.length === 0) return null;
  const head = await tx.auditHead.update({ where: { id: 1 }, data: { seq: { increment: inputs.length } } });
  const at = new Date().toISOString();
  let prevHash = head.lastHash;
  const rows = inputs.map((input, i) => {
    const content = contentOf(input, head.seq - inputs.length + 1 + i, at);
    const hash = entryHash(prevHash, content);
    const row = { ...content, at: new Date(content.at), prevHash, hash };
    prevHash = hash;
    return row;
  });
  // PostgreSQL takes at most 65,535 parameters a statement: about 4,000 entries.
  for (let i = 0; i < rows.length; i += 2_000) await tx.auditEntry.createMany({ data: rows.slice(i, i + 2_000) });
  await tx.auditHead.update({ where: { id: 1 }, data: { lastHash: prevHash } });
  return { seq: head.seq, hash: prevHash };
}

function contentOf(input: AuditInput, seq: number, at: string): AuditContent {
  const content: AuditContent = {
    seq,
    at,
    actorId: input.actor.id,
    actorLabel: input.actor.label,
    action: input.action,
    entityType: input.entityType,
    entityId: input.entityId ?? null,
    clientId: input.clientId ?? null,
    before: json(input.before),
    after: json(input.after),
    requestId: input.requestId ?? null,
  };
  const via = input.via ?? currentAuditVia();
  if (via !== undefined) content.via = via;
  return content;
}
