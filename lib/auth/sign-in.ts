import "server-only";
import { z } from "zod";
import { db } from "../db";
import { getEnv } from "../env";
import { appendAudit } from "../audit/append";
import { verifyPassword } from "./password";
import { accountKey, addressKey, clearFailures, lockedMinutes, recordFailure } from "./throttle";
import { isRole, type SessionUser } from "./roles";

export const credentialsSchema = z.object({
  email: z.string().trim().toLowerCase().email("Enter a valid email address"),
  password: z.string().min(1, "Enter your password"),
});

export class SignInError extends Error {
  constructor(
    readonly code: "invalid" | "throttled",
    message: string,
  ) {
    super(message);
  }
}

const INVALID = "Email or password is incorrect.";

/**
 * Checks a local account's password. Throttling, the user row and the audit entry for
 * the attempt are read and written in one transaction.
 */
export async function signInWithPassword(input: unknown, address: string): Promise<SessionUser> {
  const parsed = credentialsSchema.safeParse(input);
  if (!parsed.success) throw new SignInError("invalid", INVALID);
  const { email, password } = parsed.data;
  const env = getEnv();
  const keys = [accountKey(email), addressKey(address)];

  const locked = await lockedMinutes(db, keys);
  if (locked > 0) {
    throw new SignInError("throttled", `Too many failed sign-in attempts. Try again in ${locked} minute${locked === 1 ? "" : "s"}.`);
  }
  const user = await db.user.findUnique({ where: { email }, omit: { passwordHash: false } });
  // Always pay for one hash comparison so a wrong email is not faster than a wrong password.
  const passwordOk = await verifyPassword(password, user?.passwordHash);
  const ok = Boolean(user && passwordOk && !user.disabled && isRole(user.role));

  await db.$transaction(async (tx) => {
    if (ok && user) {
      await clearFailures(tx, keys[0]);
      await tx.user.update({ where: { id: user.id }, data: { lastSignInAt: new Date() } });
      await appendAudit(tx, {
        actor: { id: user.id, label: user.email },
        action: "user.signin",
        entityType: "User",
        entityId: user.id,
        after: { method: "password" },
      });
    } else {
      await recordFailure(tx, keys, {
        maxFailures: (key) => (key.startsWith("ip:") ? env.SIGNIN_MAX_FAILURES_PER_ADDRESS : env.SIGNIN_MAX_FAILURES),
        lockMinutes: env.SIGNIN_LOCK_MINUTES,
      });
      await appendAudit(tx, {
        actor: { id: null, label: email },
        action: "user.signin_failed",
        entityType: "User",
        entityId: user?.id ?? null,
        after: { method: "password", address, reason: !user ? "unknown account" : user.disabled ? "account disabled" : "wrong password" },
      });
    }
  });
  if (!ok || !user) throw new SignInError("invalid", INVALID);
  return { id: user.id, email: user.email, name: user.name, role: user.role as SessionUser["role"] };
}
