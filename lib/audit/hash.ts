import { createHash } from "node:crypto";
import { auditContentJson } from "./chain-format";

// Pure hashing for the change log, shared by the writer and the verifier.

export const GENESIS_HASH = "0".repeat(64);

/** What an entry says, as hashed; `at` is ISO-8601 with milliseconds. */
export interface AuditContent {
  seq: number;
  at: string;
  actorId: string | null;
  actorLabel: string;
  action: string;
  entityType: string;
  entityId: string | null;
  clientId: string | null;
  before: string | null;
  after: string | null;
  requestId: string | null;
  /** How the actor acted, e.g. "api:<token id>"; left out (not null) when absent, so older entries hash as they did. */
  via?: string;
}

/** A stored entry: its content plus the chain links (`at` as the driver returns it). */
export type StoredEntry<At = Date | string> = Omit<AuditContent, "at" | "via"> & {
  at: At;
  via?: string | null;
  prevHash: string;
  hash: string;
};

/** JSON with object keys sorted at every level, so equal values give equal bytes. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(sortKeys(value));
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value && typeof value === "object" && !(value instanceof Date)) {
    return Object.fromEntries(
      Object.keys(value as Record<string, unknown>)
        .sort()
        .filter((k) => (value as Record<string, unknown>)[k] !== undefined)
        .map((k) => [k, sortKeys((value as Record<string, unknown>)[k])]),
    );
  }
  return value;
}

/** sha256(prevHash + "\n" + the content's canonical JSON), the fields taken from CHAIN_FIELDS. */
export function entryHash(prevHash: string, content: AuditContent): string {
  return createHash("sha256").update(prevHash).update("\n").update(auditContentJson(content)).digest("hex");
}
