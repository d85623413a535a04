import { randomBytes, scrypt as scryptCallback, timingSafeEqual, type ScryptOptions } from "node:crypto";
import bcrypt from "bcryptjs";

// Passwords are hashed with scrypt, which Node runs on the libuv thread pool: a password check
// no longer blocks the event loop (bcryptjs ran ~0.3 s of JavaScript per check on the main
// thread). N = 2^15, r = 8 costs 32 MiB and about 0.1 s here. Hashes made by the earlier
// bcrypt scheme still verify, and are replaced with scrypt on the next successful sign-in.
const SCRYPT = { N: 2 ** 15, r: 8, p: 1 } as const;
const KEY_LENGTH = 32;
const PREFIX = `$scrypt$ln=${Math.log2(SCRYPT.N)},r=${SCRYPT.r},p=${SCRYPT.p}$`;

function scrypt(password: string, salt: Buffer, options: ScryptOptions): Promise<Buffer> {
  return new Promise((resolve, reject) =>
    scryptCallback(password.normalize("NFC"), salt, KEY_LENGTH, { ...options, maxmem: 128 * options.N! * options.r! * 2 }, (error, key) =>
      error ? reject(error) : resolve(key),
    ),
  );
}

export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const key = await scrypt(password, salt, SCRYPT);
  return `${PREFIX}${salt.toString("base64url")}$${key.toString("base64url")}`;
}

const SCRYPT_HASH = /^\$scrypt\$ln=(\d{1,2}),r=(\d{1,2}),p=(\d{1,2})\$([\w-]+)\$([\w-]+)$/;

async function verifyScrypt(password: string, hash: string): Promise<boolean> {
  const m = SCRYPT_HASH.exec(hash);
  if (!m) return false;
  const [ln, r, p] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (ln < 10 || ln > 20 || r < 1 || r > 16 || p < 1 || p > 4) return false;
  const expected = Buffer.from(m[5], "base64url");
  const key = await scrypt(password, Buffer.from(m[4], "base64url"), { N: 2 ** ln, r, p });
  return expected.length === key.length && timingSafeEqual(expected, key);
}

// Compared against when the account does not exist, so a wrong email costs the same time as a wrong password.
const DUMMY_HASH = `${PREFIX}c3RhY2twb3J0LWR1bW15LXNhbHQ$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA`;

export async function verifyPassword(password: string, hash: string | null | undefined): Promise<boolean> {
  if (hash?.startsWith("$2")) return bcrypt.compare(password, hash);
  const ok = await verifyScrypt(password, hash ?? DUMMY_HASH);
  return ok && Boolean(hash);
}

/** True for a hash made by an older scheme or other parameters: replace it after a successful check. */
export function needsRehash(hash: string): boolean {
  return !hash.startsWith(PREFIX);
}
