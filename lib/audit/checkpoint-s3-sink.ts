import "server-only";
import { checkpointBucket, type BucketLocation, type CheckpointBucket, type StoredVersion } from "../cloud/checkpoint-bucket";
import { log } from "../log";
import { checkpointFileName, checkpointNumberOf } from "./checkpoint-log";
import type { CheckpointSink } from "./checkpoint-sink";
import { objectLockProblem } from "./object-lock";

// The production checkpoint sink: an S3 bucket with Object Lock in COMPLIANCE mode. Each
// checkpoint is written once (If-None-Match: *, so an existing one is never replaced) and
// retained until AUDIT_CHECKPOINT_RETENTION_DAYS have passed; until then no one, the account's
// root user included, can delete or overwrite that version.
//
// What Object Lock keeps is the version, not the key: a DeleteObject without a version id only
// puts a delete marker over it, and a plain PutObject adds a newer version. So the sink reads
// versions. A checkpoint is the first version stored under its key, and a key hidden behind a
// delete marker still counts; either trick is logged. A checkpoint goes missing only when its
// version is deleted after its retention has ended, and then `audit:verify` names the gap.

export interface S3SinkOptions extends BucketLocation {
  /** Key prefix, "" or ending in "/". */
  prefix: string;
  /** How long each checkpoint is retained in COMPLIANCE mode. */
  retentionMs: number;
}

export class CheckpointBucketRefusedError extends Error {
  override name = "CheckpointBucketRefusedError";
}

export interface S3Sink extends CheckpointSink {
  /** The highest checkpoint number, listing only keys after the highest one seen before. */
  newest(): Promise<number | undefined>;
}

export function s3Sink(options: S3SinkOptions, bucket: CheckpointBucket = checkpointBucket(options)): S3Sink {
  const prefix = options.prefix && !options.prefix.endsWith("/") ? `${options.prefix}/` : options.prefix;
  const describe = `s3://${options.bucket}/${prefix}`;
  const keyOf = (n: number) => `${prefix}${checkpointFileName(n)}`;
  /** Checkpoint number → the version id of its first version. */
  let held = new Map<number, string>();
  let lastKey: string | undefined;
  let lastRead: { number: number; versionId: string; text: string } | undefined;
  const reported = new Set<string>();
  let checked: Promise<void> | undefined;

  /** Once per process, before the first use; a refusal or a failure is asked again next time. */
  function ensureLocked(): Promise<void> {
    checked ??= bucket
      .objectLock()
      .then((lock) => {
        const problem = objectLockProblem(options.bucket, lock);
        if (problem) throw new CheckpointBucketRefusedError(problem);
      })
      .catch((error: unknown) => {
        checked = undefined;
        throw error;
      });
    return checked;
  }

  /**
   * Adds what a listing found: for each checkpoint key, its first version. S3 lists a key's
   * versions newest first (LastModified has only whole seconds, too coarse to order by), so the
   * first stored is the last listed. A key already held keeps the version it has.
   */
  function absorb(into: Map<number, string>, versions: StoredVersion[]) {
    const byKey = new Map<string, { stored: StoredVersion[]; markers: number }>();
    for (const v of versions) {
      const entry = byKey.get(v.key) ?? { stored: [], markers: 0 };
      if (v.deleteMarker) entry.markers += 1;
      else entry.stored.push(v);
      byKey.set(v.key, entry);
    }
    for (const [key, { stored, markers }] of byKey) {
      const number = key.startsWith(prefix) ? checkpointNumberOf(key.slice(prefix.length)) : undefined;
      if (number === undefined) continue;
      if (!lastKey || key > lastKey) lastKey = key;
      const first = stored.at(-1);
      if (!first) continue; // every version deleted (its retention had ended): a gap
      if (!into.has(number)) into.set(number, first.versionId);
      if ((markers || stored.length > 1) && !reported.has(key)) {
        reported.add(key);
        log("warn", "audit_checkpoint_object_altered", {
          checkpoint: number,
          object: `s3://${options.bucket}/${key}`,
          versions: stored.length,
          deleteMarkers: markers,
          reason: `someone ${markers ? "put a delete marker over" : "stored another version of"} checkpoint #${number}; its first version, which Object Lock keeps, is the one read`,
        });
      }
    }
  }

  async function list() {
    await ensureLocked();
    const fresh = new Map<number, string>();
    absorb(fresh, await bucket.versions(prefix));
    held = fresh;
    return [...held.keys()].sort((a, b) => a - b);
  }

  return {
    describe,
    list,
    async newest() {
      await ensureLocked();
      absorb(held, await bucket.versions(prefix, lastKey));
      return held.size ? Math.max(...held.keys()) : undefined;
    },
    async read(number) {
      await ensureLocked();
      if (!held.has(number)) await list();
      const versionId = held.get(number);
      if (!versionId) throw new Error(`checkpoint #${number} is not in ${describe}`);
      if (lastRead?.number === number && lastRead.versionId === versionId) return lastRead.text;
      const text = await bucket.read(keyOf(number), versionId);
      lastRead = { number, versionId, text };
      return text;
    },
    async write(number, text) {
      await ensureLocked();
      const out = await bucket.putNew(keyOf(number), text, new Date(Date.now() + options.retentionMs));
      if (out.written && out.versionId) {
        held.set(number, out.versionId);
        if (!lastKey || keyOf(number) > lastKey) lastKey = keyOf(number);
      }
      return out.written;
    },
  };
}
