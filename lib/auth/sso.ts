import "server-only";
import { db } from "../db";
import { getEnv } from "../env";
import { appendAudit } from "../audit/append";
import { parseRoleMap, roleForGroups } from "./oidc-roles";
import type { SessionUser } from "./roles";

export interface SsoProfile {
  sub: string;
  email?: string;
  name?: string;
  [claim: string]: unknown;
}

export type SsoOutcome = { ok: true; user: SessionUser } | { ok: false; reason: "unmapped" | "disabled" | "no-email" };

/**
 * Signs in a person vouched for by the identity provider. Their role comes from their
 * groups on every sign-in, so a change of group in the provider takes effect at the next
 * sign-in; a person in no mapped group gets no access (and no account).
 */
export async function signInWithSso(profile: SsoProfile): Promise<SsoOutcome> {
  const env = getEnv();
  const email = profile.email?.toLowerCase();
  const role = roleForGroups(profile[env.OIDC_GROUPS_CLAIM], parseRoleMap(env.OIDC_ROLE_MAP));
  return db.$transaction(async (tx) => {
    const existing = await tx.user.findFirst({ where: { OR: [{ ssoSubject: profile.sub }, ...(email ? [{ email }] : [])] } });
    const fail = async (reason: "unmapped" | "disabled" | "no-email") => {
      await appendAudit(tx, {
        actor: { id: null, label: email ?? `sso:${profile.sub}` },
        action: "user.signin_failed",
        entityType: "User",
        entityId: existing?.id ?? null,
        after: { method: "sso", reason },
      });
      return { ok: false as const, reason };
    };
    if (!email) return fail("no-email");
    if (!role) return fail("unmapped");
    if (existing?.disabled) return fail("disabled");
    const name = profile.name ?? email;
    const user = existing
      ? await tx.user.update({ where: { id: existing.id }, data: { ssoSubject: profile.sub, role, lastSignInAt: new Date() } })
      : await tx.user.create({ data: { email, name, role, ssoSubject: profile.sub, lastSignInAt: new Date() } });
    if (existing && existing.role !== role) {
      await appendAudit(tx, {
        actor: { id: null, label: "identity provider" },
        action: "user.role_change",
        entityType: "User",
        entityId: user.id,
        before: { role: existing.role },
        after: { role },
      });
    }
    if (!existing) {
      await appendAudit(tx, {
        actor: { id: null, label: "identity provider" },
        action: "user.create",
        entityType: "User",
        entityId: user.id,
        after: { email, name, role, method: "sso" },
      });
    }
    await appendAudit(tx, {
      actor: { id: user.id, label: email },
      action: "user.signin",
      entityType: "User",
      entityId: user.id,
      after: { method: "sso" },
    });
    return { ok: true as const, user: { id: user.id, email: user.email, name: user.name, role } };
  });
}
