// A rollout's manifest: the sorted list of (client, base revision sha256, new revision sha256,
// change-set id). Its approval binds to the manifest's hash, so re-preparing the rollout or any
// target's revision moving changes the hash and voids the approvals. Pure.
import { createHash } from "node:crypto";

export interface ManifestEntry {
  clientId: string;
  /** sha256 of the revision the client runs now (what the change set was computed against). */
  baseSha256: string;
  /** sha256 of the revision the rollout will deploy. */
  newSha256: string;
  changeSetId: string;
}

const FIELDS = ["clientId", "baseSha256", "newSha256", "changeSetId"] as const;

/** The entries in the manifest's one order: by client id (code-unit order, the same in every locale). */
export function sortManifest(entries: readonly ManifestEntry[]): ManifestEntry[] {
  return [...entries].sort((a, b) => (a.clientId < b.clientId ? -1 : a.clientId > b.clientId ? 1 : 0));
}

/**
 * The manifest as text, one line per client: "clientId baseSha newSha changeSetId\n". Fields
 * cannot hold a space or a newline, so no two manifests share a text.
 */
export function manifestText(entries: readonly ManifestEntry[]): string {
  const seen = new Set<string>();
  return sortManifest(entries)
    .map((entry) => {
      if (seen.has(entry.clientId)) throw new Error(`The manifest lists client ${entry.clientId} twice`);
      seen.add(entry.clientId);
      return FIELDS.map((field) => {
        const value = entry[field];
        if (!value || /\s/.test(value))
          throw new Error(`Manifest field ${field} of client ${entry.clientId} is empty or holds white space`);
        return value;
      }).join(" ");
    })
    .map((line) => `${line}\n`)
    .join("");
}

/** sha256 (hex) of the manifest text, prefixed with a format version so a later format cannot collide. */
export function manifestHash(entries: readonly ManifestEntry[]): string {
  return createHash("sha256").update("stackport-rollout-manifest/1\n").update(manifestText(entries)).digest("hex");
}

/** The clients whose entry differs between two manifests (moved, added or gone): what voided an approval. */
export function manifestChanges(before: readonly ManifestEntry[], after: readonly ManifestEntry[]): string[] {
  const key = (e: ManifestEntry) => FIELDS.map((f) => e[f]).join(" ");
  const was = new Map(before.map((e) => [e.clientId, key(e)]));
  const now = new Map(after.map((e) => [e.clientId, key(e)]));
  const ids = new Set([...was.keys(), ...now.keys()]);
  return [...ids].filter((id) => was.get(id) !== now.get(id)).sort();
}
