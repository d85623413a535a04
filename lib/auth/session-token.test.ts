import { describe, expect, it } from "vitest";
import { encode } from "next-auth/jwt";
import { decodeSessionToken } from "./session-token";

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
