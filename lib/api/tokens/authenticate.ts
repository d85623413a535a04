import "server-only";
import { db } from "../../db";
import { isRole, type SessionUser } from "../../auth/roles";
import { parseStoredScopes } from "./scopes";
import { hashToken } from "./format";

// Who a bearer token acts as, read from the database on every request: a revoked or expired
// token, or a disabled owner, stops working on the very next request.

export type TokenAuthentication = { ok: true; user: SessionUser } | { ok: false; detail: string };

const UNKNOWN = "This token is not valid: it was never issued, or it has been revoked or has expired.";
/** lastUsedAt is written at most this often per token, so reads do not each cost a write. */
const LAST_USED_EVERY_MS = 60_000;

export async function authenticateToken(token: string, now = new Date()): Promise<TokenAuthentication> {
  const row = await db.apiToken.findUnique({
    where: { hash: hashToken(token) },
    select: {
      id: true,
      scopes: true,
      expiresAt: true,
      revokedAt: true,
      lastUsedAt: true,
      user: { select: { id: true, email: true, name: true, role: true, disabled: true, serviceAccount: { select: { id: true } } } },
    },
  });
  // One answer for unknown, revoked and expired: the caller learns nothing about other tokens.
  if (!row || row.revokedAt || row.expiresAt <= now) return { ok: false, detail: UNKNOWN };
  const { user } = row;
  if (user.disabled) return { ok: false, detail: "The account this token belongs to is disabled." };
  if (!isRole(user.role)) return { ok: false, detail: UNKNOWN };
  if (!row.lastUsedAt || now.getTime() - row.lastUsedAt.getTime() > LAST_USED_EVERY_MS) {
    await db.apiToken.updateMany({
      where: { id: row.id, OR: [{ lastUsedAt: null }, { lastUsedAt: row.lastUsedAt }] },
      data: { lastUsedAt: now },
    });
  }
  return {
    ok: true,
    user: {
      id: user.id,
      email: user.email,
      name: user.name,
      role: user.role,
      token: { id: row.id, serviceAccount: Boolean(user.serviceAccount), scopes: parseStoredScopes(row.scopes) },
    },
  };
}
