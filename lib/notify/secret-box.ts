import { createCipheriv, createDecipheriv, randomBytes, type KeyObject } from "node:crypto";

// Webhook signing secrets at rest (security review I3): AES-256-GCM under WEBHOOK_SECRET_KEY, a
// key that lives in configuration and never in the database, so a backup or a replica alone
// cannot sign notifications. Stored as `v1:` + base64url(iv ‖ tag ‖ ciphertext); the version
// lets a later format (another cipher, a key id for rotation) live beside this one. Rows written
// before encryption hold the secret itself: `openSecret` reads them and says so, and the delivery
// worker re-encrypts them (deliver.ts). Pure.

const VERSION = "v1";
const IV_BYTES = 12;
const TAG_BYTES = 16;
// Binds the ciphertext to its purpose: the same key could never be tricked into opening another
// kind of value as a webhook secret.
const AAD = Buffer.from("stackport webhook signing secret v1");

/** Why a stored secret cannot be read; the message is for the operator. */
export class SecretDecryptionError extends Error {
  constructor(
    readonly reason: "wrong-key" | "malformed" | "unknown-version",
    message: string,
  ) {
    super(message);
    this.name = "SecretDecryptionError";
  }
}

/** The stored form of a secret. */
export function sealSecret(secret: string, key: KeyObject): string {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv("aes-256-gcm", key, iv, { authTagLength: TAG_BYTES }).setAAD(AAD);
  const data = Buffer.concat([cipher.update(secret, "utf8"), cipher.final()]);
  return `${VERSION}:${Buffer.concat([iv, cipher.getAuthTag(), data]).toString("base64url")}`;
}

/** Whether a stored value is in an encrypted format (any version); otherwise it is a legacy plaintext secret. */
export function isSealed(stored: string): boolean {
  return /^v\d+:/.test(stored);
}

/** The secret a stored value holds; `legacy` when it was stored in the clear and wants re-encrypting. */
export function openSecret(stored: string, key: KeyObject): { secret: string; legacy: boolean } {
  if (!isSealed(stored)) return { secret: stored, legacy: true };
  const version = stored.slice(0, stored.indexOf(":"));
  if (version !== VERSION) {
    throw new SecretDecryptionError("unknown-version", `it is stored in format ${version}, which this version of Stackport cannot read`);
  }
  const raw = Buffer.from(stored.slice(VERSION.length + 1), "base64url");
  if (raw.length <= IV_BYTES + TAG_BYTES) throw new SecretDecryptionError("malformed", "its stored value is truncated");
  const decipher = createDecipheriv("aes-256-gcm", key, raw.subarray(0, IV_BYTES), { authTagLength: TAG_BYTES })
    .setAAD(AAD)
    .setAuthTag(raw.subarray(IV_BYTES, IV_BYTES + TAG_BYTES));
  try {
    return {
      secret: Buffer.concat([decipher.update(raw.subarray(IV_BYTES + TAG_BYTES)), decipher.final()]).toString("utf8"),
      legacy: false,
    };
  } catch {
    throw new SecretDecryptionError(
      "wrong-key",
      "it was encrypted with a different WEBHOOK_SECRET_KEY (a database restored from another installation, or a changed key, or NEXTAUTH_SECRET changed where the key is derived from it)",
    );
  }
}
