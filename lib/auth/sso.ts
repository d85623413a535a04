import "server-only";
import { db } from "../db";
import { getEnv } from "../env";
import { appendAudit } from "../audit/append";
import { parseRoleMap, roleForGroups } from "./oidc-roles";
import { grantFor } from "./grants";
import type { SessionUser } from "./roles";

export interface SsoProfile {
  sub: string;
  email?: string;
  name?: string;
  [claim: string]: unknown;
}

export type SsoFailure = "unmapped" | "disabled" | "no-email" | "unverified-email" | "subject-changed";
export type SsoOutcome = { ok: true; user: SessionUser } | { ok: false; reason: SsoFailure };

/**
 * Signs in a person vouched for by the identity provider. Their role comes from their
 * groups on every sign-in, so a change of group in the provider takes effect at the next
 * sign-in; a person in no mapped group gets no access (and no account).
 *
 * An account is found by its identity-provider subject first. By email only when it has no
 * subject yet, and only an email the provider says is verified: an account already bound to
 * another subject is never re-bound (a reused or edited email address would otherwise take it
 * over). Linking a local account ends its password, so whoever set that password (an
 * administrator who pre-created the account) cannot act as the person afterwards.
 */
export async function signInWithSso(profile: SsoProfile): Promise<SsoOutcome> {
  const env = getEnv();
  const email = profile.email?.toLowerCase();
  const role = roleForGroups(profile[env.OIDC_GROUPS_CLAIM], parseRoleMap(env.OIDC_ROLE_MAP));
  return db.$transaction(async (tx) => {
    const bySubject = await tx.user.findUnique({ where: { ssoSubject: profile.sub } });
    const byEmail = !bySubject && email ? await tx.user.findUnique({ where: { email } }) : null;
    const existing = bySubject ?? byEmail;
    const fail = async (reason: SsoFailure) => {
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
    if (profile.email_verified === false || profile.email_verified === "false") return fail("unverified-email");
    if (byEmail?.ssoSubject && byEmail.ssoSubject !== profile.sub) return fail("subject-changed");
    if (!role) return fail("unmapped");
    if (existing?.disabled) return fail("disabled");
    const name = profile.name ?? email;
    const linking = byEmail !== null;
    const user = existing
      ? await tx.user.update({
          where: { id: existing.id },
          data: {
            ssoSubject: profile.sub,
            role,
            lastSignInAt: new Date(),
            ...(linking ? { passwordHash: null } : {}),
            // A change of groups that grants ENGINEER or ADMIN waits for confirmation like an administrator's grant.
            ...(existing.role !== role ? grantFor(role, null) : {}),
          },
        })
      : await tx.user.create({ data: { email, name, role, ssoSubject: profile.sub, lastSignInAt: new Date() } });
    if (linking) {
      await appendAudit(tx, {
        actor: { id: null, label: "identity provider" },
        action: "user.sso_linked",
        entityType: "User",
        entityId: user.id,
        after: { email, subject: profile.sub, passwordSignIn: "ended" },
      });
    }
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
