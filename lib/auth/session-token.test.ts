import { describe, expect, it } from "vitest";
import { encode } from "next-auth/jwt";
import { EncryptJWT } from "jose";
import { RequestCookies } from "next/dist/server/web/spec-extension/cookies";
import { decodeSessionToken, readSessionToken } from "./session-token";

const secret = "test-secret-test-secret-test-secret-0123456789";

describe("decodeSessionToken", () => {
  it("reads a session cookie written by next-auth", async () => {
    const token = await encode({ token: { uid: "user-1", email: "am@stackport.test" }, secret });
    expect(await decodeSessionToken({ token, secret })).toMatchObject({ uid: "user-1", email: "am@stackport.test" });
    // Again, with the derived key reused.
    expect(await decodeSessionToken({ token, secret })).toMatchObject({ uid: "user-1" });
  });

  it("refuses a token sealed with another secret", async () => {
    const token = await encode({ token: { uid: "user-1" }, secret: `${secret}-other` });
    await expect(decodeSessionToken({ token, secret })).rejects.toThrow();
  });

  it("refuses an expired token (beyond next-auth's 15-second tolerance)", async () => {
    const token = await encode({ token: { uid: "user-1" }, secret, maxAge: -60 });
    await expect(decodeSessionToken({ token, secret })).rejects.toThrow();
  });

  it("keeps the salt apart, as next-auth does", async () => {
    const token = await encode({ token: { uid: "user-1" }, secret, salt: "other" });
    await expect(decodeSessionToken({ token, secret })).rejects.toThrow();
    expect(await decodeSessionToken({ token, secret, salt: "other" })).toMatchObject({ uid: "user-1" });
  });

  it("refuses a token that is not dir/A256GCM, without running its key derivation", async () => {
    // I1: the algorithms were not pinned, so a PBES2 header (PBKDF2 with p2c rounds) was accepted.
    const { hkdfSync } = await import("node:crypto");
    const key = new Uint8Array(hkdfSync("sha256", secret, "", "NextAuth.js Generated Encryption Key", 32));
    const pbes2 = await new EncryptJWT({ uid: "user-1" })
      .setProtectedHeader({ alg: "PBES2-HS256+A128KW", enc: "A256GCM" })
      .setKeyManagementParameters({ p2c: 1000 })
      .setExpirationTime("1h")
      .encrypt(key);
    await expect(decodeSessionToken({ token: pbes2, secret })).rejects.toThrow(/not allowed/);
    const a128 = await new EncryptJWT({ uid: "user-1" }).setProtectedHeader({ alg: "dir", enc: "A128CBC-HS256" }).encrypt(key);
    await expect(decodeSessionToken({ token: a128, secret })).rejects.toThrow();
  });

  it("answers null for no token", async () => {
    expect(await decodeSessionToken({ token: undefined, secret })).toBeNull();
  });
});

describe("readSessionToken", () => {
  // Next's own request-cookie jar, as the proxy and a page get it.
  const jar = (cookie: string) => new RequestCookies(new Headers(cookie ? { cookie } : {}));

  it("reads the __Host- session cookie of an https portal when told its name", async () => {
    // I5: the cookie had the __Secure- prefix only, which a sibling subdomain can set.
    const token = await encode({ token: { uid: "user-3" }, secret });
    const name = "__Host-next-auth.session-token";
    expect(await readSessionToken(jar(`${name}=${token}`), secret, name)).toMatchObject({ uid: "user-3" });
    expect(await readSessionToken(jar(`__Secure-next-auth.session-token=${token}`), secret, name)).toBeNull();
  });

  it("reads the session cookie", async () => {
    const token = await encode({ token: { uid: "user-2" }, secret });
    expect(await readSessionToken(jar(`theme=dark; next-auth.session-token=${token}`), secret)).toMatchObject({ uid: "user-2" });
  });

  it("answers null without the cookie, for a forged one, and for an expired one", async () => {
    expect(await readSessionToken(jar(""), secret)).toBeNull();
    const forged = await encode({ token: { uid: "user-2" }, secret: `${secret}-other` });
    expect(await readSessionToken(jar(`next-auth.session-token=${forged}`), secret)).toBeNull();
    const expired = await encode({ token: { uid: "user-2" }, secret, maxAge: -60 });
    expect(await readSessionToken(jar(`next-auth.session-token=${expired}`), secret)).toBeNull();
  });
});
