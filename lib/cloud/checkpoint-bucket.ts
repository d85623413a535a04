import "server-only";
import {
  GetObjectCommand,
  GetObjectLockConfigurationCommand,
  ListObjectVersionsCommand,
  PutObjectCommand,
  type S3Client,
} from "@aws-sdk/client-s3";
import { newS3Client } from "./client";
import { CloudError, toCloudError } from "./errors";

// The S3 bucket that keeps the change log's signed checkpoints (lib/audit/checkpoint-s3-sink.ts
// decides what to do with it): the only module that calls S3. It hands back plain objects, and
// every failure as a CloudError naming the bucket, except the two answers the sink acts on:
// a conditional write that found the key taken, and a bucket without Object Lock.

export interface BucketLocation {
  bucket: string;
  region: string;
  /** An S3-compatible server (moto, MinIO); absent for AWS. */
  endpoint?: string;
}

export interface ObjectLockState {
  enabled: boolean;
  /** The bucket's default retention, when it has one. */
  defaultRetention?: { mode: string; days?: number; years?: number };
}

/** One stored version of an object, or a delete marker put over it. */
export interface StoredVersion {
  key: string;
  versionId: string;
  deleteMarker: boolean;
}

export interface CheckpointBucket {
  location: BucketLocation;
  objectLock(): Promise<ObjectLockState>;
  /**
   * Stores `body` at `key` only if no object is there (If-None-Match: *), retained in COMPLIANCE
   * mode until `retainUntil`; `written: false` when the key is taken.
   */
  putNew(key: string, body: string, retainUntil: Date): Promise<{ written: true; versionId?: string } | { written: false }>;
  /**
   * Every version and delete marker under `prefix` (of keys after `after` when given), in S3's
   * order: by key, and a key's versions newest first.
   */
  versions(prefix: string, after?: string): Promise<StoredVersion[]>;
  read(key: string, versionId?: string): Promise<string>;
}

const clients = new Map<string, S3Client>();

function client(location: BucketLocation): S3Client {
  const id = `${location.region} ${location.endpoint ?? ""}`;
  let c = clients.get(id);
  if (!c) {
    c = newS3Client(location);
    clients.set(id, c);
  }
  return c;
}

interface S3ErrorLike {
  name?: string;
  $metadata?: { httpStatusCode?: number };
}
const status = (error: unknown) => (error as S3ErrorLike)?.$metadata?.httpStatusCode;
const named = (error: unknown, ...names: string[]) => names.includes((error as S3ErrorLike)?.name ?? "");

export function checkpointBucket(location: BucketLocation): CheckpointBucket {
  const Bucket = location.bucket;
  const fail = (action: string, error: unknown): never => {
    const e = toCloudError(error);
    throw new CloudError(e.code, `S3 ${action} on bucket ${Bucket} failed: ${e.code}: ${e.message}`, e.reason);
  };
  return {
    location,
    async objectLock() {
      try {
        const out = await client(location).send(new GetObjectLockConfigurationCommand({ Bucket }));
        const config = out.ObjectLockConfiguration;
        const retention = config?.Rule?.DefaultRetention;
        return {
          enabled: config?.ObjectLockEnabled === "Enabled",
          ...(retention?.Mode
            ? { defaultRetention: { mode: retention.Mode, days: retention.Days || undefined, years: retention.Years || undefined } }
            : {}),
        };
      } catch (error) {
        if (named(error, "ObjectLockConfigurationNotFoundError")) return { enabled: false };
        return fail("GetObjectLockConfiguration", error);
      }
    },
    async putNew(key, body, retainUntil) {
      try {
        const out = await client(location).send(
          new PutObjectCommand({
            Bucket,
            Key: key,
            Body: body,
            ContentType: "application/json",
            IfNoneMatch: "*",
            ObjectLockMode: "COMPLIANCE",
            ObjectLockRetainUntilDate: retainUntil,
            // S3 wants an integrity checksum on a put that sets retention; SHA-256 also lets anyone
            // compare a copy with what S3 stored (GetObjectAttributes).
            ChecksumAlgorithm: "SHA256",
          }),
        );
        return { written: true, ...(out.VersionId ? { versionId: out.VersionId } : {}) };
      } catch (error) {
        // 412: the key exists. 409: another conditional write of the key is in flight; one of
        // the two wins, and the next pass reads whichever it was.
        if (named(error, "PreconditionFailed", "ConditionalRequestConflict") || status(error) === 412 || status(error) === 409) {
          return { written: false };
        }
        return fail("PutObject", error);
      }
    },
    async versions(prefix, after) {
      const found: StoredVersion[] = [];
      let keyMarker = after;
      let versionIdMarker: string | undefined;
      for (;;) {
        const page = await client(location)
          .send(
            new ListObjectVersionsCommand({
              Bucket,
              Prefix: prefix || undefined,
              KeyMarker: keyMarker,
              VersionIdMarker: versionIdMarker,
            }),
          )
          .catch((error: unknown) => fail("ListObjectVersions", error));
        for (const v of page.Versions ?? [])
          if (v.Key && v.VersionId) found.push({ key: v.Key, versionId: v.VersionId, deleteMarker: false });
        for (const m of page.DeleteMarkers ?? [])
          if (m.Key && m.VersionId) found.push({ key: m.Key, versionId: m.VersionId, deleteMarker: true });
        if (!page.IsTruncated || !page.NextKeyMarker) return found;
        keyMarker = page.NextKeyMarker;
        versionIdMarker = page.NextVersionIdMarker;
      }
    },
    async read(key, versionId) {
      try {
        const out = await client(location).send(new GetObjectCommand({ Bucket, Key: key, VersionId: versionId }));
        return (await out.Body?.transformToString("utf8")) ?? "";
      } catch (error) {
        return fail("GetObject", error);
      }
    },
  };
}
