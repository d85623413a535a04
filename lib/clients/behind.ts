// Which clients run an older blueprint version than their blueprint's current one, as a database
// filter. Pure: the versions come from the catalog (each blueprint's changelog).
import { compareVersions, type Blueprint } from "../catalog";
import { UNRECORDED_VERSION } from "../changes/update-plan";

/** Clients whose live revision was rendered from an older version of their blueprint. */
export function behindWhere(blueprints: readonly Pick<Blueprint, "id" | "version" | "changelog">[]) {
  return {
    status: { not: "DECOMMISSIONED" },
    OR: blueprints.map((b) => {
      const older = b.changelog.map((e) => e.version).filter((v) => compareVersions(v, b.version) < 0);
      const versions = [{ blueprintVersion: { in: older } }, ...(older.includes(UNRECORDED_VERSION) ? [{ blueprintVersion: null }] : [])];
      return { blueprintId: b.id, currentRevision: { OR: versions } };
    }),
  };
}
