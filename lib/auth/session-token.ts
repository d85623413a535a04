import { createSecretKey, hkdfSync, type KeyObject } from "node:crypto";
import { jwtDecrypt } from "jose";
import { getToken, type JWT, type JWTDecodeParams } from "next-auth/jwt";

// next-auth's session cookie is a JWE (dir, A256GCM) under a key derived from NEXTAUTH_SECRET
// with HKDF. next-auth derives that key again on every decode; the proxy and the page each
// decode the cookie on every request, and the derivation cost more than the decryption (about
// 3% of a portal's CPU under bench:load). This decoder derives it once per secret and is
// otherwise next-auth's own: same key, same algorithm, same 15-second clock tolerance on expiry.
const keys = new Map<string, KeyObject>();

function encryptionKey(secret: string | Buffer, salt: string): KeyObject {
  const id = `${typeof secret === "string" ? secret : secret.toString("base64")}\u0000${salt}`;
  let key = keys.get(id);
  if (!key) {
    const info = `NextAuth.js Generated Encryption Key${salt ? ` (${salt})` : ""}`;
    key = createSecretKey(Buffer.from(hkdfSync("sha256", secret, salt, info, 32)));
    keys.set(id, key);
  }
  return key;
}

/** Drop-in for next-auth's `decode` (getToken's `decode` option). Throws on a bad or expired token, as next-auth's does. */
export async function decodeSessionToken({ token, secret, salt = "" }: JWTDecodeParams): Promise<JWT | null> {
  if (!token) return null;
  // Only what next-auth writes: a PBES2 header would otherwise make every decode run PBKDF2.
  const { payload } = await jwtDecrypt(token, encryptionKey(secret, salt), {
    clockTolerance: 15,
    keyManagementAlgorithms: ["dir"],
    contentEncryptionAlgorithms: ["A256GCM"],
  });
  return payload as JWT;
}

/** What next-auth's getToken reads cookies from: Next's request cookies (a page's or the proxy's). */
type CookieJar = { get(name: string): { value: string } | undefined; getAll(): { name: string; value: string }[] };

/**
 * The session cookie's token, decrypted and checked for expiry as next-auth's session endpoint does
 * (same cookie name, secret and token); null when there is none or it is invalid or expired. Only
 * the cookie counts: no Authorization header (getToken alone would accept a bearer token). The
 * proxy and getSessionUser both read the session through this.
 */
export function readSessionToken(cookies: CookieJar, secret: string, cookieName?: string): Promise<JWT | null> {
  return getToken({ req: { cookies, headers: {} } as never, secret, decode: decodeSessionToken, ...(cookieName ? { cookieName } : {}) });
}
