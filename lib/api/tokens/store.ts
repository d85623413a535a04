import "server-only";
import { randomBytes } from "node:crypto";
import { db } from "../../db";
import { appendAudit, type Actor } from "../../audit/append";
import { authorize } from "../../auth/policy";
import { isRole, type SessionUser } from "../../auth/roles";
import { ConflictError, ForbiddenError, NotFoundError } from "../../errors";
import { slugify } from "../../render";
import { newToken } from "./format";
import type { CreateServiceAccount, CreateToken } from "./schemas";

// Service accounts and API tokens: creating, listing and revoking them, each change with its
// change-log entry in the same transaction. The token itself leaves this module once, in the
// result of the call that made it, and is never stored or logged.

const actorOf = (user: SessionUser): Actor => ({ id: user.id, label: user.email });
const DAY_MS = 24 * 3600 * 1000;
/** A service account's user row has an address no mailbox or identity provider can have (RFC 2606 .invalid). */
export const SERVICE_ACCOUNT_DOMAIN = "service-accounts.stackport.invalid";

function require(user: SessionUser, action: "token:manage" | "service-account:manage") {
  const decision = authorize(user, action);
  if (!decision.allowed) throw new ForbiddenError(decision.reason);
}

async function writeToken(actor: SessionUser, ownerId: string, input: CreateToken, extra: Record<string, unknown>) {
  const { token, hash, hint } = newToken();
  const expiresAt = new Date(Date.now() + input.expiresInDays * DAY_MS);
  const scopes = input.scopes.length ? input.scopes : null;
  const row = await db.$transaction(async (tx) => {
    const created = await tx.apiToken.create({
      data: { userId: ownerId, name: input.name, hash, hint, scopes: scopes && JSON.stringify(scopes), expiresAt, createdById: actor.id },
    });
    await appendAudit(tx, {
      actor: actorOf(actor),
      action: "api_token.create",
      entityType: "ApiToken",
      entityId: created.id,
      after: { ownerId, name: input.name, hint, scopes, expiresAt: expiresAt.toISOString(), ...extra },
    });
    return created;
  });
  return { id: row.id, token, hint, expiresAt };
}

/** A person's own token: it acts with their role (whatever it is at the time of use), narrowed by its scopes. */
export function createPersonalToken(user: SessionUser, input: CreateToken) {
  require(user, "token:manage");
  return writeToken(user, user.id, input, { kind: "personal" });
}

/** An administrator makes a token for a service account. */
export async function createServiceToken(admin: SessionUser, serviceAccountId: string, input: CreateToken) {
  require(admin, "service-account:manage");
  const account = await db.serviceAccount.findUnique({ where: { id: serviceAccountId }, include: { user: true } });
  if (!account) throw new NotFoundError("That service account");
  if (account.user.disabled) throw new ConflictError("Enable the service account before giving it a token.");
  return writeToken(admin, account.userId, input, { kind: "service", serviceAccountId });
}

export async function createServiceAccount(admin: SessionUser, input: CreateServiceAccount) {
  require(admin, "service-account:manage");
  const email = `${slugify(input.name).slice(0, 40) || "service"}-${randomBytes(3).toString("hex")}@${SERVICE_ACCOUNT_DOMAIN}`;
  return db.$transaction(async (tx) => {
    const user = await tx.user.create({ data: { email, name: input.name, role: input.role } });
    const account = await tx.serviceAccount.create({ data: { userId: user.id, description: input.description, createdById: admin.id } });
    await appendAudit(tx, {
      actor: actorOf(admin),
      action: "service_account.create",
      entityType: "ServiceAccount",
      entityId: account.id,
      after: { userId: user.id, email, name: input.name, role: input.role, description: input.description },
    });
    return { id: account.id, userId: user.id, email };
  });
}

/**
 * Revokes a token at once. Its owner may revoke it, and an administrator may revoke any token
 * (a leaked one is an incident, whoever owns it).
 */
export async function revokeToken(actor: SessionUser, tokenId: string) {
  return db.$transaction(async (tx) => {
    const token = await tx.apiToken.findUnique({ where: { id: tokenId } });
    // Someone else's token is "not found", not "forbidden": its existence is not yours to learn.
    if (!token) throw new NotFoundError("That token");
    if (token.userId === actor.id) require(actor, "token:manage");
    else if (!authorize(actor, "service-account:manage").allowed) throw new NotFoundError("That token");
    if (token.revokedAt) return token;
    const revoked = await tx.apiToken.updateMany({ where: { id: token.id, revokedAt: null }, data: { revokedAt: new Date() } });
    if (revoked.count !== 1) return token;
    await appendAudit(tx, {
      actor: actorOf(actor),
      action: "api_token.revoke",
      entityType: "ApiToken",
      entityId: token.id,
      before: { revokedAt: null },
      after: { ownerId: token.userId, name: token.name, hint: token.hint, revoked: true },
    });
    return { ...token, revokedAt: new Date() };
  });
}

const TOKEN_SELECT = {
  id: true,
  name: true,
  hint: true,
  scopes: true,
  expiresAt: true,
  lastUsedAt: true,
  revokedAt: true,
  createdAt: true,
} as const;

/** A person's tokens, newest first (the hash never leaves the database). */
export function listTokensOf(userId: string) {
  return db.apiToken.findMany({ where: { userId }, orderBy: [{ createdAt: "desc" }, { id: "desc" }], take: 100, select: TOKEN_SELECT });
}

export async function listServiceAccounts() {
  const accounts = await db.serviceAccount.findMany({
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: 200,
    include: {
      user: {
        select: {
          id: true,
          email: true,
          name: true,
          role: true,
          disabled: true,
          apiTokens: { orderBy: [{ createdAt: "desc" }, { id: "desc" }], take: 50, select: TOKEN_SELECT },
        },
      },
    },
  });
  return accounts.map((a) => ({ ...a, validRole: isRole(a.user.role) }));
}
