import "server-only";
import { db, type Prisma } from "../db";
import type { SessionUser } from "../auth/roles";
import { compareVersions, getBlueprint } from "../catalog";
import { LIVE_STATUSES } from "../clients/status";
import { UNRECORDED_VERSION } from "../changes/update-plan";
import { ValidationError } from "../errors";
import type { Selection } from "./schemas";

// Which clients a rollout's selection matches, as one SQL filter: the live count on the form, the
// preparation's target list and the tests all use it. An account manager's selection never goes
// past their own clients.

/** The versions of a blueprint below `version` (null stands for revisions written before versions were recorded: 1.0.0). */
function versionsBelow(blueprintId: string, version: string): { known: string[]; includesUnrecorded: boolean } {
  const blueprint = getBlueprint(blueprintId);
  const known = (blueprint?.changelog ?? []).map((e) => e.version).filter((v) => compareVersions(v, version) < 0);
  return { known, includesUnrecorded: compareVersions(UNRECORDED_VERSION, version) < 0 };
}

/** The Prisma filter for a selection, as `user` may see it. */
export function selectionWhere(selection: Selection, user: SessionUser): Prisma.ClientWhereInput {
  const blueprint = getBlueprint(selection.blueprintId);
  if (!blueprint) throw new ValidationError({ blueprintId: [`There is no blueprint "${selection.blueprintId}"`] });
  const behind = selection.behindVersion ?? blueprint.version;
  if (compareVersions(behind, blueprint.version) > 0)
    throw new ValidationError({ behindVersion: [`${blueprint.name} has no version ${behind} yet (its newest is ${blueprint.version})`] });
  const below = versionsBelow(blueprint.id, behind);
  const ownerId = user.role === "ACCOUNT_MANAGER" ? user.id : selection.ownerId;
  return {
    blueprintId: blueprint.id,
    status: { in: [...LIVE_STATUSES] },
    currentRevision: {
      OR: [{ blueprintVersion: { in: below.known } }, ...(below.includesUnrecorded ? [{ blueprintVersion: null }] : [])],
    },
    ...(selection.sizeId ? { sizeId: selection.sizeId } : {}),
    ...(selection.environment ? { environment: selection.environment } : {}),
    ...(selection.region ? { region: selection.region } : {}),
    ...(ownerId ? { ownerId } : {}),
  };
}

/** How many clients the selection matches right now (the form's live count). */
export async function countSelection(selection: Selection, user: SessionUser): Promise<number> {
  return db.client.count({ where: selectionWhere(selection, user) });
}

/** CloudFormation accepts an update only from these stack statuses. */
export const UPDATABLE_STACK_STATUSES = [
  "CREATE_COMPLETE",
  "UPDATE_COMPLETE",
  "UPDATE_ROLLBACK_COMPLETE",
  "IMPORT_COMPLETE",
  "IMPORT_ROLLBACK_COMPLETE",
] as const;

/** The account managers an engineer may narrow a selection to (an account manager sees only their own clients). */
export async function selectableOwners(user: SessionUser): Promise<{ id: string; name: string }[]> {
  if (user.role === "ACCOUNT_MANAGER") return [];
  return db.user.findMany({
    where: { role: "ACCOUNT_MANAGER", disabled: false },
    select: { id: true, name: true },
    orderBy: { name: "asc" },
    take: 200,
  });
}
