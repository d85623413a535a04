import "server-only";
import type { z } from "zod";
import { db } from "../db";
import { appendAudit } from "../audit/append";
import { getEnv } from "../env";
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from "../errors";
import { confirmRoleGrant, grantFor } from "./grants";
import { hashPassword } from "./password";
import { bumpSessionVersion } from "./end-sessions";
import type { SessionUser } from "./roles";
import type { changeRoleSchema, createUserSchema, setDisabledSchema } from "./schemas";

const PAGE = 25;

export async function listUsers(cursor?: string) {
  const rows = await db.user.findMany({
    orderBy: [{ email: "asc" }],
    take: PAGE + 1,
    ...(cursor ? { cursor: { email: cursor }, skip: 1 } : {}),
    select: {
      id: true,
      email: true,
      name: true,
      role: true,
      disabled: true,
      ssoSubject: true,
      lastSignInAt: true,
      createdAt: true,
      roleGrantedAt: true,
      roleGrantedById: true,
      roleConfirmedById: true,
    },
  });
  return { users: rows.slice(0, PAGE), nextCursor: rows.length > PAGE ? rows[PAGE - 1].email : undefined };
}

export async function createLocalUser(actor: SessionUser, input: z.infer<typeof createUserSchema>) {
  if (!getEnv().AUTH_LOCAL_ACCOUNTS) {
    throw new ForbiddenError("Local accounts are turned off (AUTH_LOCAL_ACCOUNTS=false): people sign in with single sign-on.");
  }
  const passwordHash = await hashPassword(input.password);
  return db.$transaction(async (tx) => {
    if (await tx.user.findUnique({ where: { email: input.email } })) {
      throw new ValidationError({ email: ["A user with this email already exists"] });
    }
    const grant = grantFor(input.role, actor.id);
    const user = await tx.user.create({ data: { email: input.email, name: input.name, role: input.role, passwordHash, ...grant } });
    await appendAudit(tx, {
      actor: { id: actor.id, label: actor.email },
      action: "user.create",
      entityType: "User",
      entityId: user.id,
      after: {
        email: user.email,
        name: user.name,
        role: user.role,
        method: "password",
        ...(grant.roleGrantedAt ? { needsConfirmation: true } : {}),
      },
    });
    return user;
  });
}

export async function changeUserRole(actor: SessionUser, input: z.infer<typeof changeRoleSchema>) {
  return db.$transaction(async (tx) => {
    const user = await tx.user.findUnique({ where: { id: input.userId } });
    if (!user) throw new NotFoundError("That user");
    if (user.role === input.role) return user;
    const grant = grantFor(input.role, actor.id);
    const updated = await tx.user.updateMany({ where: { id: user.id, role: user.role }, data: { role: input.role, ...grant } });
    if (updated.count !== 1) throw new ConflictError("Someone else changed this user at the same time. Reload and try again.");
    // A session issued under the old role ends: the person signs in again with the new one.
    await bumpSessionVersion(tx, user.id);
    await appendAudit(tx, {
      actor: { id: actor.id, label: actor.email },
      action: "user.role_change",
      entityType: "User",
      entityId: user.id,
      before: { role: user.role },
      after: { role: input.role, ...(grant.roleGrantedAt ? { needsConfirmation: true } : {}) },
    });
    return { ...user, role: input.role };
  });
}

export async function setUserDisabled(actor: SessionUser, input: z.infer<typeof setDisabledSchema>) {
  return db.$transaction(async (tx) => {
    const user = await tx.user.findUnique({ where: { id: input.userId } });
    if (!user) throw new NotFoundError("That user");
    if (user.disabled === input.disabled) return user;
    // Disabling ends every session, and re-enabling does not bring the old ones back.
    await tx.user.update({ where: { id: user.id }, data: { disabled: input.disabled, sessionVersion: { increment: 1 } } });
    await appendAudit(tx, {
      actor: { id: actor.id, label: actor.email },
      action: input.disabled ? "user.disable" : "user.enable",
      entityType: "User",
      entityId: user.id,
      before: { disabled: user.disabled },
      after: { disabled: input.disabled },
    });
    return { ...user, disabled: input.disabled };
  });
}

/** A second administrator confirms someone's ENGINEER or ADMIN grant (lib/auth/grants.ts). */
export function confirmUserRole(actor: SessionUser, input: { userId: string }) {
  return db.$transaction((tx) => confirmRoleGrant(tx, actor, input.userId));
}
