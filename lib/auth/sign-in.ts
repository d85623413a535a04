import "server-only";
import { z } from "zod";
import { db } from "../db";
import { getEnv } from "../env";
import { appendAudit } from "../audit/append";
import { BUSY } from "./busy";
import { CheckGate } from "./check-gate";
import { hashPassword, needsRehash, verifyPassword } from "./password";
import { accountKey, addressKey, pruneThrottle, releaseAfterSuccess, reserveAttempt } from "./throttle";
import { isRole, type SessionUser } from "./roles";

export const credentialsSchema = z.object({
  email: z.string().trim().toLowerCase().email("Enter a valid email address"),
  password: z.string().min(1, "Enter your password"),
});

export class SignInError extends Error {
  constructor(
    readonly code: "invalid" | "throttled" | "busy",
    message: string,
  ) {
    super(message);
  }
}

const INVALID = "Email or password is incorrect.";

const gate = new CheckGate(() => getEnv().SIGNIN_MAX_CONCURRENT_CHECKS);
let lastPrune = 0;

/**
 * Checks a local account's password. The attempt is first counted against the account and the
 * address (atomically, so parallel guesses cannot all get through); only then is the password
 * checked, by at most SIGNIN_MAX_CONCURRENT_CHECKS at a time. `address` is null when the
 * request's origin is not known (then only the account is throttled).
 */
export async function signInWithPassword(input: unknown, address: string | null): Promise<SessionUser> {
  const parsed = credentialsSchema.safeParse(input);
  if (!parsed.success) throw new SignInError("invalid", INVALID);
  const { email, password } = parsed.data;
  const env = getEnv();
  const account = accountKey(email);
  const ip = address ? addressKey(address) : null;
  const keys = ip ? [account, ip] : [account];
  const settings = {
    maxFailures: (key: string) => (key.startsWith("ip:") ? env.SIGNIN_MAX_FAILURES_PER_ADDRESS : env.SIGNIN_MAX_FAILURES),
    lockMinutes: env.SIGNIN_LOCK_MINUTES,
  };

  if (Date.now() - lastPrune > 60_000) {
    lastPrune = Date.now();
    await pruneThrottle(db, env.SIGNIN_LOCK_MINUTES);
  }
  const locked = await reserveAttempt(db, keys, settings);
  if (locked > 0) {
    throw new SignInError("throttled", `Too many failed sign-in attempts. Try again in ${locked} minute${locked === 1 ? "" : "s"}.`);
  }
  const checked = await gate.tryRun(async () => {
    const user = await db.user.findUnique({ where: { email }, omit: { passwordHash: false } });
    // Always pay for one hash comparison so a wrong email is not faster than a wrong password.
    const passwordOk = await verifyPassword(password, user?.passwordHash);
    const ok = Boolean(user && passwordOk && !user.disabled && isRole(user.role));
    // A hash of an older scheme (bcrypt) is replaced now that the password is known to be right.
    const rehash = ok && user?.passwordHash && needsRehash(user.passwordHash) ? await hashPassword(password) : null;
    return { user, ok, rehash };
  });
  // Refused by the cap: the attempt stays counted against the lock.
  if (!checked) throw new SignInError("busy", BUSY);
  const { user, ok, rehash } = checked.value;

  await db.$transaction(async (tx) => {
    if (ok && user) {
      await releaseAfterSuccess(tx, account, ip);
      await tx.user.update({ where: { id: user.id }, data: { lastSignInAt: new Date(), ...(rehash ? { passwordHash: rehash } : {}) } });
      await appendAudit(tx, {
        actor: { id: user.id, label: user.email },
        action: "user.signin",
        entityType: "User",
        entityId: user.id,
        after: { method: "password" },
      });
    } else {
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
