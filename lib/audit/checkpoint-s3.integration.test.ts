import { generateKeyPairSync } from "node:crypto";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import {
  CreateBucketCommand,
  DeleteObjectCommand,
  GetObjectCommand,
  HeadObjectCommand,
  ListObjectVersionsCommand,
  PutObjectCommand,
  PutObjectLockConfigurationCommand,
  S3Client,
} from "@aws-sdk/client-s3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "../db";
import { parseEnv } from "../env";
import { appendAudit } from "./append";
import { checkpointConfig, issueCheckpoint, type CheckpointConfig } from "./checkpoint";
import { checkpointFileName } from "./checkpoint-log";
import { s3Sink, type S3SinkOptions } from "./checkpoint-s3-sink";
import { chainSourceAt, verifyChainAt } from "./verify-url";
import { motoInstalled, startMoto, type RunningMoto } from "../../test/support/moto";

// Issue 16, point 1: in production the signed checkpoints go to an S3 bucket with Object Lock in
// COMPLIANCE mode. This runs the real checkpoint code against moto's S3 server.
//
// What moto does not do, and so is not tested here (AWS documents each):
// - it accepts PutObjectRetention shortening a COMPLIANCE retention, or turning it into
//   GOVERNANCE; S3 refuses both, and the portal never calls it (nor is it allowed to);
// - GetObjectRetention answers 500, so the retention is read from HeadObject's headers;
// - it does not insist on a checksum for a put that sets retention (S3 does; the sink sends SHA-256);
// - it refuses PutObjectLockConfiguration on a bucket holding objects (S3 allows it), so each
//   bucket gets its default retention while empty.
// Everything else below (If-None-Match, COMPLIANCE retention refusing a version's deletion with
// or without the governance bypass, delete markers, versions, the lock configuration) is moto's
// real behaviour.
const moto = motoInstalled();
if (!moto) console.warn("moto_server is not installed: skipping the checkpoint bucket's test (pip install 'moto[server]')");

const url = process.env.DATABASE_URL!;
const run = `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
const NAME = "stackport.test/audit";
const keys = generateKeyPairSync("ed25519");
const DAY = 86_400_000;
let server: RunningMoto;
let s3: S3Client;
let keyDir: string;
const saved = { id: process.env.AWS_ACCESS_KEY_ID, secret: process.env.AWS_SECRET_ACCESS_KEY };

async function createBucket(bucket: string, lock?: { mode: "COMPLIANCE" | "GOVERNANCE"; days: number } | "enabled") {
  await s3.send(new CreateBucketCommand({ Bucket: bucket, ...(lock ? { ObjectLockEnabledForBucket: true } : {}) }));
  if (lock && lock !== "enabled") {
    await s3.send(
      new PutObjectLockConfigurationCommand({
        Bucket: bucket,
        ObjectLockConfiguration: { ObjectLockEnabled: "Enabled", Rule: { DefaultRetention: { Mode: lock.mode, Days: lock.days } } },
      }),
    );
  }
}

const sinkOptions = (bucket: string, retentionMs = 7 * DAY): S3SinkOptions => ({
  bucket,
  prefix: "audit/",
  region: "us-east-1",
  endpoint: server.endpoint,
  retentionMs,
});

/** A fresh process's view of the bucket: nothing known yet, the lock checked again. */
const configFor = (bucket: string, retentionMs?: number): CheckpointConfig => ({
  name: NAME,
  sink: s3Sink(sinkOptions(bucket, retentionMs)),
  privateKey: keys.privateKey,
  publicKey: keys.publicKey,
  every: 1000,
  maxAgeMs: 3_600_000,
});

async function append(n: number) {
  await db.$transaction(async (tx) => {
    for (let i = 0; i < n; i++) {
      await appendAudit(tx, { actor: { id: null, label: "integration-test" }, action: `test.s3.${run}`, entityType: "Test", after: { i } });
    }
  });
}

async function issue(config: CheckpointConfig) {
  const { source, close } = chainSourceAt(url, db);
  try {
    return await issueCheckpoint(source, config);
  } finally {
    await close();
  }
}

async function versionsOf(bucket: string, key: string) {
  const out = await s3.send(new ListObjectVersionsCommand({ Bucket: bucket, Prefix: key }));
  return { versions: out.Versions ?? [], markers: out.DeleteMarkers ?? [] };
}

const body = async (bucket: string, key: string, versionId?: string) =>
  (await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key, VersionId: versionId }))).Body!.transformToString();

describe.skipIf(!moto)("the checkpoint bucket (S3 with Object Lock, against moto)", () => {
  const locked = `audit-locked-${run}`;
  const key = (n: number) => `audit/${checkpointFileName(n)}`;

  beforeAll(async () => {
    server = await startMoto();
    // moto takes any credentials; the portal's S3 client reads them from the standard chain.
    process.env.AWS_ACCESS_KEY_ID = "moto";
    process.env.AWS_SECRET_ACCESS_KEY = "moto";
    s3 = new S3Client({ region: "us-east-1", endpoint: server.endpoint, forcePathStyle: true });
    keyDir = await mkdtemp(path.join(os.tmpdir(), "stackport-s3-key-"));
    await createBucket(locked, { mode: "COMPLIANCE", days: 1 });
  });
  afterAll(async () => {
    s3?.destroy();
    await server?.stop();
    await rm(keyDir, { recursive: true, force: true });
    process.env.AWS_ACCESS_KEY_ID = saved.id;
    process.env.AWS_SECRET_ACCESS_KEY = saved.secret;
    if (saved.id === undefined) delete process.env.AWS_ACCESS_KEY_ID;
    if (saved.secret === undefined) delete process.env.AWS_SECRET_ACCESS_KEY;
  });

  it("takes the bucket from the configuration, signs checkpoints into it under COMPLIANCE retention, and verification reads them back", async () => {
    const keyFile = path.join(keyDir, "signing.pem");
    await writeFile(keyFile, keys.privateKey.export({ type: "pkcs8", format: "pem" }) as string);
    const config = checkpointConfig(
      parseEnv({
        NEXTAUTH_SECRET: "x".repeat(32),
        NEXTAUTH_URL: "https://stackport.test",
        AUDIT_LOG_NAME: NAME,
        AUDIT_SIGNING_KEY_FILE: keyFile,
        AUDIT_CHECKPOINT_BUCKET: locked,
        AUDIT_CHECKPOINT_PREFIX: "audit",
        AUDIT_CHECKPOINT_RETENTION_DAYS: "30",
        S3_ENDPOINT: server.endpoint,
      }),
    )!;
    expect(config.sink.describe).toBe(`s3://${locked}/audit/`);

    await append(12);
    const first = await issue(config);
    await append(3);
    const second = await issue(config);
    expect([first, second]).toMatchObject([
      { issued: true, number: 1 },
      { issued: true, number: 2 },
    ]);

    const head = await s3.send(new HeadObjectCommand({ Bucket: locked, Key: key(2) }));
    expect(head.ObjectLockMode).toBe("COMPLIANCE");
    const retainedDays = (head.ObjectLockRetainUntilDate!.getTime() - Date.now()) / DAY;
    expect(retainedDays).toBeGreaterThan(29.9);
    expect(retainedDays).toBeLessThanOrEqual(30);

    // Another process (the auditor's `npm run audit:verify`) reads them from the bucket alone.
    const verified = await verifyChainAt(url, db, configFor(locked));
    expect(verified.ok).toBe(true);
    expect(verified.checkpoints?.sink).toBe(`s3://${locked}/audit/`);
    expect(verified.checkpoints?.lines).toEqual([
      expect.stringMatching(/^checkpoint #1: [\d,]+ entries, signed /),
      expect.stringMatching(/^checkpoint #2: [\d,]+ entries, signed .*, consistent with #1$/),
    ]);
    expect(verified.checkpoints?.newest?.number).toBe(2);
  });

  it("never overwrites a checkpoint: a second write of the same number returns false and leaves the first intact", async () => {
    const original = await body(locked, key(1));
    const sink = s3Sink(sinkOptions(locked));
    expect(await sink.write(1, "a different checkpoint #1\n")).toBe(false);
    expect(await body(locked, key(1))).toBe(original);
    expect(await sink.read(1)).toBe(original);
    expect((await versionsOf(locked, key(1))).versions).toHaveLength(1);
  });

  it("refuses to delete a checkpoint's version while it is retained, even with the governance bypass", async () => {
    const [version] = (await versionsOf(locked, key(1))).versions;
    for (const bypass of [false, true]) {
      const refused = await s3
        .send(new DeleteObjectCommand({ Bucket: locked, Key: key(1), VersionId: version.VersionId, BypassGovernanceRetention: bypass }))
        .catch((e: Error) => e);
      expect(refused).toMatchObject({ name: "AccessDenied" });
    }
    expect((await verifyChainAt(url, db, configFor(locked))).ok).toBe(true);
  });

  it("is not fooled by a delete marker or a newer version: the retained first version is read, and the next checkpoint is #3", async () => {
    const original = await body(locked, key(1));
    // What someone with s3:DeleteObject and s3:PutObject (not the portal's role) can still do.
    await s3.send(new DeleteObjectCommand({ Bucket: locked, Key: key(2) }));
    await s3.send(new PutObjectCommand({ Bucket: locked, Key: key(1), Body: "forged\n" }));
    expect((await versionsOf(locked, key(2))).markers).toHaveLength(1);
    expect(await body(locked, key(1))).toBe("forged\n");

    const config = configFor(locked);
    const verified = await verifyChainAt(url, db, config);
    expect({ ok: verified.ok, problem: verified.checkpoints?.problem, lines: verified.checkpoints?.lines.length }).toEqual({
      ok: true,
      problem: undefined,
      lines: 2,
    });
    expect(await config.sink.read(1)).toBe(original);

    // Hiding #2 does not make the portal sign another #2 over a history of the insider's choosing.
    await append(2);
    expect(await issue(config)).toMatchObject({ issued: true, number: 3 });
    expect((await verifyChainAt(url, db, configFor(locked))).checkpoints?.lines).toHaveLength(3);
  });

  it("refuses a bucket without Object Lock, or with it in GOVERNANCE mode, saying why, and writes nothing there", async () => {
    const plain = `audit-plain-${run}`;
    const governance = `audit-governance-${run}`;
    const noDefault = `audit-nodefault-${run}`;
    await createBucket(plain);
    await createBucket(governance, { mode: "GOVERNANCE", days: 1 });
    await createBucket(noDefault, "enabled");
    await append(1);
    for (const [bucket, message] of [
      [plain, `The checkpoint bucket ${plain} does not have S3 Object Lock enabled`],
      [governance, `The checkpoint bucket ${governance} has S3 Object Lock, but its default retention is in GOVERNANCE mode`],
      [noDefault, `The checkpoint bucket ${noDefault} has S3 Object Lock, but no default retention`],
    ]) {
      const config = configFor(bucket);
      await expect(issue(config)).rejects.toThrow(message);
      await expect(config.sink.write(1, "x")).rejects.toThrow(/COMPLIANCE mode \(templates\/portal does\)/);
      await expect(verifyChainAt(url, db, config)).rejects.toThrow(message);
      expect(await versionsOf(bucket, "")).toEqual({ versions: [], markers: [] });
    }
  });

  it("names a checkpoint as missing once its retention has ended and its version was deleted", async () => {
    // While retained, nothing deletes a version (above); once retention ends anyone allowed may.
    // A retention of two seconds shows that case without waiting years.
    const expiring = `audit-expiring-${run}`;
    await createBucket(expiring, { mode: "COMPLIANCE", days: 1 });
    const config = configFor(expiring, 2_000);
    for (let i = 0; i < 3; i++) {
      await append(2);
      expect(await issue(config)).toMatchObject({ issued: true, number: i + 1 });
    }
    const [version] = (await versionsOf(expiring, key(2))).versions;
    const early = await s3
      .send(new DeleteObjectCommand({ Bucket: expiring, Key: key(2), VersionId: version.VersionId }))
      .catch((e: Error) => e);
    expect(early).toMatchObject({ name: "AccessDenied" });
    await new Promise((resolve) => setTimeout(resolve, 2_500));
    await s3.send(new DeleteObjectCommand({ Bucket: expiring, Key: key(2), VersionId: version.VersionId }));

    const verified = await verifyChainAt(url, db, configFor(expiring));
    expect(verified.ok).toBe(false);
    expect(verified.checkpoints?.problem).toEqual({
      kind: "missing-checkpoint",
      number: 2,
      reason: "checkpoint #2 is missing from the checkpoint store, between #1 and #3",
    });
  });
});
