import "server-only";
import type { SessionUser } from "../auth/roles";
import { readSearchParams, textParam, type RawSearchParams } from "../http/search-params";
import { selectableOwners } from "../rollouts/select";
import type { FleetFilter } from "./overview";

// The fleet page's one filter, from its query string: an account manager, chosen from the list of
// those the viewer may pick. An id that is not on that list is named under the field, and the
// page shows everyone's clients.

const shape = { ownerId: textParam(64) };

/** The account manager's id the query string asks for, not yet checked against the list. */
export function requestedOwnerId(raw: RawSearchParams): string | undefined {
  return readSearchParams(shape, raw).ownerId;
}

export async function readFleetFilter(user: SessionUser, raw: RawSearchParams) {
  const ownerId = requestedOwnerId(raw);
  const owners = await selectableOwners(user);
  const owner = ownerId ? owners.find((o) => o.id === ownerId) : undefined;
  const errors: { ownerId?: string[] } = ownerId && !owner ? { ownerId: ["Choose an account manager from the list."] } : {};
  const filter: FleetFilter = owner ? { ownerId: owner.id } : {};
  return { filter, owner, owners, errors };
}
