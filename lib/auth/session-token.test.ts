import { describe, expect, it } from "vitest";
import { encode } from "next-auth/jwt";
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

  it("answers null for no token", async () => {
    expect(await decodeSessionToken({ token: undefined, secret })).toBeNull();
  });
});

describe("readSessionToken", () => {
  // Next's own request-cookie jar, as the proxy and a page get it.
  const jar = (cookie: string) => new RequestCookies(new Headers(cookie ? { cookie } : {}));

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
