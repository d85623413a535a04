import "server-only";
import type { Tx } from "../db";
import { appendAudit } from "../audit/append";
import { getEnv } from "../env";
import { ConflictError, ForbiddenError, NotFoundError } from "../errors";
import type { SessionUser } from "./roles";

// Separation of duties: one administrator must not pass four-eyes alone by granting ENGINEER to
// accounts they control. A grant of ENGINEER or ADMIN (by an administrator, or by a change of
// SSO groups) approves changes only once a second administrator confirms it; in an installation
// with a single administrator, after a cooling-off period (ROLE_GRANT_COOLING_OFF_HOURS) during
// which the grant is visible in the change log. Grants, confirmations and expiries:
// user.role_change / user.create, user.role_confirm, and user.role_effective (written once per
// grant, the first time a cooled-off grant is relied upon: an approval, or the executor's recount).

const GRANTS_TO_WATCH = ["ENGINEER", "ADMIN"];

export interface RoleGrant {
  roleGrantedAt: Date | null;
  roleGrantedById: string | null;
  roleConfirmedById: string | null;
}

/** The grant columns for a user given `role` by `grantedById` (null: the identity provider). */
export function grantFor(role: string, grantedById: string | null, now = new Date()): RoleGrant {
  return GRANTS_TO_WATCH.includes(role)
    ? { roleGrantedAt: now, roleGrantedById: grantedById, roleConfirmedById: null }
    : { roleGrantedAt: null, roleGrantedById: null, roleConfirmedById: null };
}

export const grantSelect = { roleGrantedAt: true, roleGrantedById: true, roleConfirmedById: true } as const;

/** The person a grant belongs to, as grantProblem needs them. */
export type GrantHolder = RoleGrant & { id: string; role: string };

/**
 * Null when the grant is in effect; otherwise why the person cannot approve yet. A grant in effect
 * because its cooling-off has passed is recorded in the change log the first time it is relied on.
 */
export async function grantProblem(tx: Tx, grant: GrantHolder, now = new Date()): Promise<string | null> {
  if (!grant.roleGrantedAt || grant.roleConfirmedById) return null;
  const admins = await tx.user.count({ where: { role: "ADMIN", disabled: false } });
  const hours = getEnv().ROLE_GRANT_COOLING_OFF_HOURS;
  const from = new Date(grant.roleGrantedAt.getTime() + hours * 3_600_000);
  const granted = grant.roleGrantedAt.toISOString().slice(0, 16).replace("T", " ");
  if (admins > 1) {
    return `This role was granted on ${granted} UTC and approves changes only once a second administrator confirms it`;
  }
  if (from > now) {
    return `This role was granted on ${granted} UTC; with one administrator it approves changes from ${from.toISOString().slice(0, 16).replace("T", " ")} UTC (a ${hours}-hour cooling-off), or once a second administrator confirms it`;
  }
  await recordCoolingOffEnd(tx, { ...grant, roleGrantedAt: grant.roleGrantedAt }, hours, from);
  return null;
}

const EFFECTIVE = "user.role_effective";

async function coolingOffRecorded(tx: Tx, userId: string, grantedAt: string): Promise<boolean> {
  const entries = await tx.auditEntry.findMany({
    where: { action: EFFECTIVE, entityType: "User", entityId: userId },
    select: { after: true },
  });
  return entries.some((e) => e.after !== null && (JSON.parse(e.after) as { grantedAt?: string }).grantedAt === grantedAt);
}

/** Writes user.role_effective once per grant: the user row's lock makes a second transaction wait, then see the first's entry. */
async function recordCoolingOffEnd(tx: Tx, grant: GrantHolder & { roleGrantedAt: Date }, hours: number, from: Date) {
  const grantedAt = grant.roleGrantedAt.toISOString();
  if (await coolingOffRecorded(tx, grant.id, grantedAt)) return;
  const same = { id: grant.id, roleGrantedAt: grant.roleGrantedAt, roleConfirmedById: null };
  const locked = await tx.user.updateMany({ where: same, data: { roleGrantedAt: grant.roleGrantedAt } });
  if (locked.count !== 1 || (await coolingOffRecorded(tx, grant.id, grantedAt))) return;
  await appendAudit(tx, {
    actor: { id: null, label: "system" },
    action: EFFECTIVE,
    entityType: "User",
    entityId: grant.id,
    before: { role: grant.role, grantedAt, grantedById: grant.roleGrantedById, inEffect: false },
    after: { role: grant.role, grantedAt, grantedById: grant.roleGrantedById, coolingOffHours: hours, effectiveFrom: from.toISOString() },
  });
}

/** Refuses an approval by someone whose ENGINEER grant is not in effect yet. */
export async function assertGrantInEffect(tx: Tx, userId: string): Promise<void> {
  const grant = await tx.user.findUnique({ where: { id: userId }, select: { id: true, role: true, ...grantSelect } });
  const problem = grant ? await grantProblem(tx, grant) : "Unknown user";
  if (problem) throw new ForbiddenError(`${problem}.`);
}

/** A second administrator confirms a grant: never the one who made it, never the person themselves. */
export async function confirmRoleGrant(tx: Tx, actor: SessionUser, userId: string) {
  const user = await tx.user.findUnique({ where: { id: userId }, select: { id: true, email: true, role: true, ...grantSelect } });
  if (!user) throw new NotFoundError("That user");
  if (!user.roleGrantedAt) throw new ConflictError("This person's role needs no confirmation.");
  if (user.roleConfirmedById) throw new ConflictError("This role is already confirmed.");
  if (actor.id === user.id) throw new ForbiddenError("Nobody confirms their own role.");
  if (actor.id === user.roleGrantedById)
    throw new ForbiddenError("The administrator who granted a role cannot confirm it: a second administrator does.");
  const updated = await tx.user.updateMany({
    where: { id: user.id, roleGrantedAt: user.roleGrantedAt, roleConfirmedById: null },
    data: { roleConfirmedById: actor.id },
  });
  if (updated.count !== 1) throw new ConflictError("Someone else changed this user at the same time. Reload and try again.");
  await appendAudit(tx, {
    actor: { id: actor.id, label: actor.email },
    action: "user.role_confirm",
    entityType: "User",
    entityId: user.id,
    before: { role: user.role, grantedById: user.roleGrantedById, grantedAt: user.roleGrantedAt.toISOString() },
    after: { role: user.role, confirmedById: actor.id },
  });
}
