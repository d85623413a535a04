// Reading and writing templates/<id>/versions.lock for the catalog's blueprints (the test suite
// and `npm run catalog:lock`). Reads files, touches no database.
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import type { Blueprint, Catalog } from "./types";
import { checkLock, formatLock, lockWith, parseLock, type LockCheck } from "./versions";

export const LOCK_FILE = "versions.lock";

export function readLock(blueprint: Blueprint): Map<string, string> {
  const file = path.join(blueprint.directory, LOCK_FILE);
  return existsSync(file) ? parseLock(readFileSync(file, "utf8")) : new Map();
}

/** Each blueprint's lock check: a template changed without a new version fails here. */
export function checkCatalogLocks(catalog: Catalog): { blueprintId: string; check: LockCheck }[] {
  return catalog.blueprints.map((b) => ({ blueprintId: b.id, check: checkLock(readLock(b), b.id, b.version, b.inputsDigest) }));
}

/** Adds each blueprint's current version to its lock; throws when a released version's files changed. */
export function writeCatalogLocks(catalog: Catalog): string[] {
  const written: string[] = [];
  for (const b of catalog.blueprints) {
    const before = readLock(b);
    const after = lockWith(before, b.id, b.version, b.inputsDigest);
    if (before.get(b.version) === b.inputsDigest) continue;
    writeFileSync(path.join(b.directory, LOCK_FILE), formatLock(b.id, after));
    written.push(`${b.id} ${b.version}`);
  }
  return written;
}
