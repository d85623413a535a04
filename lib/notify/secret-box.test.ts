import { createSecretKey, randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { isSealed, openSecret, sealSecret, SecretDecryptionError } from "./secret-box";

const key = createSecretKey(randomBytes(32));
const otherKey = createSecretKey(randomBytes(32));
const SECRET = "whsec_Zm9vYmFyYmF6cXV4cXV1eHF1dXhxdXV4cXV1eHE";

describe("webhook secrets at rest", () => {
  it("stores v1:base64url(iv, tag, data), never the secret, and opens it again", () => {
    const stored = sealSecret(SECRET, key);
    expect(stored).toMatch(/^v1:[A-Za-z0-9_-]+$/);
    expect(stored).not.toContain(SECRET);
    expect(stored).not.toContain(SECRET.slice(6, 20));
    expect(Buffer.from(stored.slice(3), "base64url")).toHaveLength(12 + 16 + Buffer.byteLength(SECRET));
    expect(openSecret(stored, key)).toEqual({ secret: SECRET, legacy: false });
    // A fresh IV each time: the same secret is never stored twice alike.
    expect(sealSecret(SECRET, key)).not.toBe(stored);
  });

  it("refuses a value sealed under another installation's key, saying so", () => {
    const stored = sealSecret(SECRET, otherKey);
    expect(() => openSecret(stored, key)).toThrow(SecretDecryptionError);
    expect(() => openSecret(stored, key)).toThrow(/encrypted with a different WEBHOOK_SECRET_KEY/);
  });

  it("refuses a tampered, truncated or unknown-format value", () => {
    const stored = sealSecret(SECRET, key);
    const raw = Buffer.from(stored.slice(3), "base64url");
    raw[raw.length - 1] ^= 1;
    expect(() => openSecret(`v1:${raw.toString("base64url")}`, key)).toThrow(/different WEBHOOK_SECRET_KEY/);
    expect(() => openSecret("v1:AAAA", key)).toThrow(/truncated/);
    expect(() => openSecret("v2:AAAA", key)).toThrow(/format v2, which this version of Stackport cannot read/);
  });

  it("reads a secret stored before encryption as it is, flagged for re-encryption", () => {
    expect(isSealed(SECRET)).toBe(false);
    expect(openSecret(SECRET, key)).toEqual({ secret: SECRET, legacy: true });
  });
});
