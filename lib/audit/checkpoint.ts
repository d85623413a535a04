import "server-only";
import { createPublicKey, type KeyObject } from "node:crypto";
import { getEnv, type Env } from "../env";
import { log } from "../log";
import { type CheckpointFile, checkpointFileText, openCheckpoint, type SigningKey } from "./checkpoint-log";
import { s3Sink } from "./checkpoint-s3-sink";
import { directorySink, type CheckpointSink } from "./checkpoint-sink";
import { GENESIS_HASH } from "./hash";
import { Frontier, leafHash } from "./merkle";
import { checkpointBody, signNote, verifierKey, type Checkpoint } from "./signed-note";
import { fullRowContent, matchingContent, type ChainSource } from "./verify";

// Signed checkpoints of the change log: every AUDIT_CHECKPOINT_EVERY entries and at least every
// AUDIT_CHECKPOINT_MINUTES while entries arrive (the tracker's pass asks), and on demand with
// `npm run audit:checkpoint`. The signing key and the checkpoints live outside the database,
// so whoever can write the database cannot rewrite what a checkpoint has signed.

export interface CheckpointConfig {
  name: string;
  sink: CheckpointSink;
  /** Absent when only verifying (AUDIT_PUBLIC_KEY_FILE without the signing key). */
  privateKey?: KeyObject;
  publicKey: KeyObject;
  every: number;
  maxAgeMs: number;
}

const sinks = new Map<string, CheckpointSink>();

/**
 * Where checkpoints go: the bucket when AUDIT_CHECKPOINT_BUCKET is set, the directory otherwise.
 * One sink per process, so the bucket's Object Lock is checked once and the tracker's pass lists
 * only the keys it has not seen.
 */
export function checkpointSink(env: Env = getEnv()): CheckpointSink {
  const bucket = env.AUDIT_CHECKPOINT_BUCKET;
  const id = bucket
    ? JSON.stringify([
        bucket,
        env.AUDIT_CHECKPOINT_PREFIX,
        env.AUDIT_CHECKPOINT_REGION,
        env.S3_ENDPOINT,
        env.AUDIT_CHECKPOINT_RETENTION_DAYS,
      ])
    : env.AUDIT_CHECKPOINT_DIR;
  let sink = sinks.get(id);
  if (!sink) {
    sink = bucket
      ? s3Sink({
          bucket,
          prefix: env.AUDIT_CHECKPOINT_PREFIX,
          region: env.AUDIT_CHECKPOINT_REGION,
          ...(env.S3_ENDPOINT ? { endpoint: env.S3_ENDPOINT } : {}),
          retentionMs: env.AUDIT_CHECKPOINT_RETENTION_DAYS * 86_400_000,
        })
      : directorySink(env.AUDIT_CHECKPOINT_DIR);
    sinks.set(id, sink);
  }
  return sink;
}

/** From the configuration; undefined when no key is configured (the log then checks only itself). */
export function checkpointConfig(env: Env = getEnv()): CheckpointConfig | undefined {
  const publicKey = env.AUDIT_PUBLIC_KEY_FILE ?? (env.AUDIT_SIGNING_KEY_FILE && createPublicKey(env.AUDIT_SIGNING_KEY_FILE));
  if (!publicKey) return undefined;
  return {
    name: env.AUDIT_LOG_NAME,
    sink: checkpointSink(env),
    privateKey: env.AUDIT_SIGNING_KEY_FILE,
    publicKey,
    every: env.AUDIT_CHECKPOINT_EVERY,
    maxAgeMs: env.AUDIT_CHECKPOINT_MINUTES * 60_000,
  };
}

export const signingKeyOf = (config: CheckpointConfig): SigningKey => ({ name: config.name, publicKey: config.publicKey });
export const verifierKeyOf = (config: CheckpointConfig) => verifierKey(config.name, config.publicKey);

export class CheckpointRefusedError extends Error {}

/** The newest checkpoint in the sink, checked; undefined when there is none. */
export async function newestCheckpoint(config: CheckpointConfig): Promise<{ file: CheckpointFile; checkpoint: Checkpoint } | undefined> {
  const last = config.sink.newest ? await config.sink.newest() : (await config.sink.list()).at(-1);
  if (last === undefined) return undefined;
  const opened = openCheckpoint(await config.sink.read(last), signingKeyOf(config));
  if (!opened.ok) throw new CheckpointRefusedError(`the newest checkpoint (#${last}) is refused: ${opened.reason}`);
  if (opened.checkpoint.number !== last)
    throw new CheckpointRefusedError(`the newest checkpoint file (#${last}) says it is #${opened.checkpoint.number}`);
  return opened;
}

export type IssueResult = { issued: true; number: number; size: number; signedAt: string } | { issued: false; reason: string };

/**
 * Signs a checkpoint over every entry up to the head. The entries added since the newest
 * checkpoint are checked first (each links to the one before and hashes right), so a
 * checkpoint never signs a chain that is already broken.
 */
export async function issueCheckpoint(source: ChainSource, config: CheckpointConfig, now = new Date()): Promise<IssueResult> {
  if (!config.privateKey) return { issued: false, reason: "no signing key is configured (AUDIT_SIGNING_KEY_FILE)" };
  const newest = await newestCheckpoint(config);
  const size = newest?.checkpoint.size ?? 0;
  const frontier = newest
    ? Frontier.from(
        size,
        newest.file.compact.map((h) => Buffer.from(h, "hex")),
      )
    : new Frontier();
  if (newest && !frontier.root().equals(newest.checkpoint.root)) {
    throw new CheckpointRefusedError(`the newest checkpoint (#${newest.checkpoint.number}) does not match its own compact range`);
  }
  const head = await source.head();
  if (head.seq < size) {
    throw new CheckpointRefusedError(
      `the log ends at entry ${head.seq}, but checkpoint #${newest!.checkpoint.number} signed ${size} entries`,
    );
  }
  if (head.seq === size) return { issued: false, reason: "no entries since the newest checkpoint" };
  let prevHash = newest?.file.lastHash ?? GENESIS_HASH;
  const leaves: string[] = [];
  for (let after = size; after < head.seq;) {
    const page = await source.page(after, head.seq, 10_000);
    if (!page.length) break;
    for (const e of page) {
      if (e.seq !== after + 1) throw new CheckpointRefusedError(`entry ${after + 1} is missing`);
      if (e.prevHash !== prevHash) throw new CheckpointRefusedError(`entry ${e.seq} does not link to the entry before it`);
      const content = matchingContent(prevHash, e) ?? (await fullRowContent(source, prevHash, e));
      if (content === undefined) throw new CheckpointRefusedError(`entry ${e.seq} does not match its hash`);
      const leaf = leafHash(content);
      frontier.push(leaf);
      leaves.push(leaf.toString("hex"));
      prevHash = e.hash;
      after = e.seq;
    }
  }
  if (frontier.size !== head.seq) throw new CheckpointRefusedError(`entries after ${frontier.size} are missing`);
  const checkpoint: Checkpoint = {
    origin: config.name,
    size: head.seq,
    root: frontier.root(),
    number: (newest?.checkpoint.number ?? 0) + 1,
    signedAt: now.toISOString(),
  };
  const file: CheckpointFile = {
    note: signNote(checkpointBody(checkpoint), config.name, config.privateKey),
    from: size,
    leaves,
    compact: frontier.hashes().map((h) => h.toString("hex")),
    lastHash: prevHash,
  };
  if (!(await config.sink.write(checkpoint.number, checkpointFileText(file)))) {
    return { issued: false, reason: `checkpoint #${checkpoint.number} was written by another process first` };
  }
  log("info", "audit_checkpoint_signed", { number: checkpoint.number, size: checkpoint.size, sink: config.sink.describe });
  return { issued: true, number: checkpoint.number, size: checkpoint.size, signedAt: checkpoint.signedAt };
}

/** Issues a checkpoint when AUDIT_CHECKPOINT_EVERY entries or AUDIT_CHECKPOINT_MINUTES have passed since the newest one. */
export async function issueDueCheckpoint(source: ChainSource, config: CheckpointConfig, now = new Date()): Promise<IssueResult> {
  if (!config.privateKey) return { issued: false, reason: "no signing key" };
  const newest = await newestCheckpoint(config);
  const head = await source.head();
  const size = newest?.checkpoint.size ?? 0;
  const age = newest ? now.getTime() - Date.parse(newest.checkpoint.signedAt) : Infinity;
  if (head.seq <= size || (head.seq - size < config.every && age < config.maxAgeMs)) return { issued: false, reason: "not due" };
  return issueCheckpoint(source, config, now);
}

let inFlight: Promise<void> | null = null;
let lastFailure = "";

/**
 * The tracker's pass calls this: signs a checkpoint when one is due, beside the pass (the first
 * one over a large existing log reads every entry). One at a time per process; several
 * processes are safe, as a checkpoint file is never overwritten.
 */
export function checkpointInBackground(source: () => ChainSource): Promise<void> | null {
  const config = checkpointConfig();
  if (!config?.privateKey) return null;
  inFlight ??= issueDueCheckpoint(source(), config)
    .then(() => {
      lastFailure = "";
    })
    .catch((error) => {
      const reason = error instanceof Error ? error.message : String(error);
      if (reason !== lastFailure) log("error", "audit_checkpoint_failed", { reason }); // once, not on every pass
      lastFailure = reason;
    })
    .finally(() => {
      inFlight = null;
    });
  return inFlight;
}
