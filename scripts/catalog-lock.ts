// npm run catalog:lock — records each blueprint's current version and the digest of its inputs in
// templates/<id>/versions.lock. Refuses (exit 1) when a released version's files changed: raise
// the version in blueprint.yaml and add its CHANGELOG.md entry first.
import { DEFAULT_TEMPLATES_ROOT, loadCatalog } from "../lib/catalog";
import { writeCatalogLocks } from "../lib/catalog/lock-file";

try {
  const written = writeCatalogLocks(loadCatalog(DEFAULT_TEMPLATES_ROOT));
  console.log(written.length ? `locked ${written.join(", ")}` : "every blueprint version is already locked");
} catch (error) {
  console.error((error as Error).message);
  process.exit(1);
}
