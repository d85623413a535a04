import { generateKeyPairSync } from "node:crypto";
import { mkdtempSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { parseEnv } from "./env";

// The change log's checkpoint key is read from a file at start; a wrong file stops the server naming the variable.
const base = { NEXTAUTH_SECRET: "x".repeat(32) };
const dir = mkdtempSync(path.join(os.tmpdir(), "stackport-env-"));
const file = (name: string, text: string) => {
  const p = path.join(dir, name);
  writeFileSync(p, text);
  return p;
};
const ed = generateKeyPairSync("ed25519");
const rsa = generateKeyPairSync("rsa", { modulusLength: 1024 });
const edPem = file("ed.pem", ed.privateKey.export({ type: "pkcs8", format: "pem" }) as string);
const edPub = file("ed.pub", ed.publicKey.export({ type: "spki", format: "pem" }) as string);
const rsaPem = file("rsa.pem", rsa.privateKey.export({ type: "pkcs8", format: "pem" }) as string);

describe("AUDIT_SIGNING_KEY_FILE and AUDIT_PUBLIC_KEY_FILE", () => {
  it("read an Ed25519 key pair, and name the log after the portal's host by default", () => {
    const env = parseEnv({
      ...base,
      AUDIT_SIGNING_KEY_FILE: edPem,
      AUDIT_PUBLIC_KEY_FILE: edPub,
      NEXTAUTH_URL: "https://portal.example.com",
    });
    expect(env.AUDIT_SIGNING_KEY_FILE?.asymmetricKeyType).toBe("ed25519");
    expect(env.AUDIT_PUBLIC_KEY_FILE?.type).toBe("public");
    expect(env.AUDIT_LOG_NAME).toBe("portal.example.com/stackport-audit");
    expect(env).toMatchObject({ AUDIT_CHECKPOINT_DIR: ".data/checkpoints", AUDIT_CHECKPOINT_EVERY: 1000, AUDIT_CHECKPOINT_MINUTES: 60 });
  });

  it.each([
    [{ AUDIT_SIGNING_KEY_FILE: path.join(dir, "missing.pem") }, /AUDIT_SIGNING_KEY_FILE names .*missing\.pem, which cannot be read/],
    [{ AUDIT_SIGNING_KEY_FILE: rsaPem }, /AUDIT_SIGNING_KEY_FILE must name a PEM file with an Ed25519 private key/],
    [{ AUDIT_SIGNING_KEY_FILE: edPub }, /AUDIT_SIGNING_KEY_FILE must name a PEM file with an Ed25519 private key/],
    [{ AUDIT_PUBLIC_KEY_FILE: file("junk.pem", "not a key") }, /AUDIT_PUBLIC_KEY_FILE must name a PEM file with an Ed25519 public key/],
    [{ AUDIT_LOG_NAME: "has space" }, /AUDIT_LOG_NAME must be a name without spaces/],
  ])("refuses %j", (vars, message) => {
    expect(() => parseEnv({ ...base, ...vars })).toThrow(message);
  });
});
