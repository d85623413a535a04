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

// The production sink is a bucket with Object Lock: a directory on the portal's host can be rewritten by whoever controls it.
describe("AUDIT_CHECKPOINT_BUCKET and its settings", () => {
  const production = { ...base, NODE_ENV: "production", AWS_REGION: "eu-west-1", WEBHOOK_SECRET_KEY: "w".repeat(32) };

  it("is required in production when the portal signs checkpoints, and names the variable and why", () => {
    expect(() => parseEnv({ ...production, AUDIT_SIGNING_KEY_FILE: edPem })).toThrow(
      /AUDIT_CHECKPOINT_BUCKET is required in production when AUDIT_SIGNING_KEY_FILE is set: name an S3 bucket with Object Lock in COMPLIANCE mode/,
    );
  });

  it.each([
    ["production with the bucket", { ...production, AUDIT_SIGNING_KEY_FILE: edPem, AUDIT_CHECKPOINT_BUCKET: "acme-stackport-audit" }],
    ["production that only verifies (a public key, no signing key)", { ...production, AUDIT_PUBLIC_KEY_FILE: edPub }],
    ["the demo, which runs next start", { ...production, AUDIT_SIGNING_KEY_FILE: edPem, STACKPORT_DEMO: "true" }],
    ["development", { ...base, AUDIT_SIGNING_KEY_FILE: edPem }],
  ])("is not required for %s", (_, vars) => {
    expect(() => parseEnv(vars)).not.toThrow();
  });

  it("defaults to seven years of retention, no prefix, and the bucket in AWS_REGION", () => {
    expect(parseEnv({ ...production, AUDIT_CHECKPOINT_BUCKET: "acme-stackport-audit" })).toMatchObject({
      AUDIT_CHECKPOINT_BUCKET: "acme-stackport-audit",
      AUDIT_CHECKPOINT_PREFIX: "",
      AUDIT_CHECKPOINT_RETENTION_DAYS: 2555,
      AUDIT_CHECKPOINT_REGION: "eu-west-1",
    });
    expect(parseEnv({ ...base, AUDIT_CHECKPOINT_BUCKET: "b-1", AUDIT_CHECKPOINT_REGION: "ap-southeast-2" }).AUDIT_CHECKPOINT_REGION).toBe(
      "ap-southeast-2",
    );
  });

  it.each([
    [{ AUDIT_CHECKPOINT_BUCKET: "Audit_Bucket" }, /AUDIT_CHECKPOINT_BUCKET must be an S3 bucket name/],
    [{ AUDIT_CHECKPOINT_BUCKET: "ab" }, /AUDIT_CHECKPOINT_BUCKET must be an S3 bucket name/],
    [{ AUDIT_CHECKPOINT_PREFIX: "/checkpoints" }, /AUDIT_CHECKPOINT_PREFIX must be an S3 key prefix/],
    [{ AUDIT_CHECKPOINT_RETENTION_DAYS: "0" }, /AUDIT_CHECKPOINT_RETENTION_DAYS must be at least 1/],
    [{ AUDIT_CHECKPOINT_RETENTION_DAYS: "40000" }, /AUDIT_CHECKPOINT_RETENTION_DAYS must be at most 36500/],
    [{ AUDIT_CHECKPOINT_REGION: "Ireland" }, /AUDIT_CHECKPOINT_REGION must be an AWS region/],
    [{ S3_ENDPOINT: "127.0.0.1 port 5000" }, /S3_ENDPOINT must be a URL/],
  ])("refuses %j", (vars, message) => {
    expect(() => parseEnv({ ...base, ...vars })).toThrow(message);
  });
});
