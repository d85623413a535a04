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
  const content: AuditContent = {
    seq: head.seq,
    at: new Date().toISOString(),
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
  const hash = entryHash(head.lastHash, content);
  await tx.auditEntry.create({ data: { ...content, at: new Date(content.at), prevHash: head.lastHash, hash } });
  await tx.auditHead.update({ where: { id: 1 }, data: { lastHash: hash } });
  return { seq: head.seq, hash };
}
