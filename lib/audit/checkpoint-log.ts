import type { KeyObject } from "node:crypto";
import { z } from "zod";
import { Frontier } from "./merkle";
import { keyId, openNote, parseCheckpointBody, type Checkpoint } from "./signed-note";

// What the checkpoint sink holds, and its check, needing nothing from the database. Each file is
// one signed checkpoint plus, unsigned, the leaf hashes it added since the one before and its
// compact range. The leaves are as good as signed: together with the earlier files' they must
// rebuild the signed root. Holding them outside the database lets the verifier name the first
// entry that differs, and tell an edited entry from a replaced tail.

const hex32 = z.string().regex(/^[0-9a-f]{64}$/);
const hexList = z.custom<string[]>(Array.isArray); // each element is checked by decodeHashes

const fileSchema = z.object({
  note: z.string(),
  from: z.number().int().nonnegative(),
  leaves: hexList,
  compact: hexList,
  /** The chain hash of the last entry covered, so the next checkpoint can check its link. */
  lastHash: hex32.nullable(),
});
export type CheckpointFile = z.infer<typeof fileSchema>;

/**
 * Hashes given as lowercase hex, 64 digits each, decoded into one buffer; undefined when any is
 * not. One decode of the joined text instead of a regex and a Buffer per hash: a million leaves
 * took about a second that way.
 */
export function decodeHashes(list: unknown[]): Buffer | undefined {
  for (const item of list) if (typeof item !== "string" || item.length !== 64) return undefined;
  const text = list.join("");
  const bytes = Buffer.from(text, "hex");
  // Buffer.from stops at the first pair that is not hex and takes upper case too: re-encoding
  // must give back exactly the text.
  return bytes.length * 2 === text.length && bytes.toString("hex") === text ? bytes : undefined;
}

export interface SigningKey {
  name: string;
  publicKey: KeyObject;
}

export interface CheckedCheckpoint extends Checkpoint {
  keyId: string;
}

export interface SignedLog {
  checkpoints: CheckedCheckpoint[];
  /** Leaf hashes 0 … size-1 of the newest checkpoint, 32 bytes each. */
  leaves: Buffer;
  size: number;
  /** One sentence per checkpoint checked. */
  lines: string[];
  problem?: { kind: "missing-checkpoint" | "bad-signature" | "bad-checkpoint"; number: number; reason: string };
}

export const checkpointFileName = (n: number) => `checkpoint-${String(n).padStart(8, "0")}.json`;
export const checkpointNumberOf = (file: string) => {
  const m = /^checkpoint-(\d{8})\.json$/.exec(file);
  return m ? Number(m[1]) : undefined;
};

/**
 * A checkpoint file's text: its JSON with every character beyond ASCII written as a \u escape
 * (the same value to any JSON reader). The note's signature line starts with "—", and on
 * Node 20 one such character makes decoding the whole file from UTF-8 about fifty times slower:
 * a second at a million entries, against 20 ms for ASCII.
 */
export function checkpointFileText(file: CheckpointFile): string {
  return `${JSON.stringify(file).replace(/[^\0-\x7f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`)}\n`;
}

/** A checkpoint file with its leaves and compact range decoded, 32 bytes per hash; undefined when it is not one. */
export function readCheckpointFile(text: string): { file: CheckpointFile; leaves: Buffer; compact: Buffer } | undefined {
  let parsed;
  try {
    parsed = fileSchema.safeParse(JSON.parse(text));
  } catch {
    return undefined;
  }
  if (!parsed.success) return undefined;
  const leaves = decodeHashes(parsed.data.leaves);
  const compact = decodeHashes(parsed.data.compact);
  return leaves && compact ? { file: parsed.data, leaves, compact } : undefined;
}

export const parseCheckpointFile = (text: string): CheckpointFile | undefined => readCheckpointFile(text)?.file;

/** Opens one checkpoint file: its signature by `key` and its body. */
export function openCheckpoint(
  text: string,
  key: SigningKey,
): { ok: true; file: CheckpointFile; checkpoint: Checkpoint; leaves: Buffer; compact: Buffer } | { ok: false; reason: string } {
  const read = readCheckpointFile(text);
  if (!read) return { ok: false, reason: "it is not a checkpoint file" };
  const { file } = read;
  const opened = openNote(file.note, key.name, key.publicKey);
  if (!opened.ok) return { ok: false, reason: opened.reason };
  const checkpoint = parseCheckpointBody(opened.body);
  if (!checkpoint) return { ok: false, reason: "its signed text is not a checkpoint" };
  if (checkpoint.origin !== key.name) return { ok: false, reason: `it is for another log (${checkpoint.origin})` };
  return { ok: true, ...read, checkpoint };
}

/**
 * Checks every checkpoint in number order: each is signed by `key`, none is missing, each
 * extends the one before, and its leaves, after every earlier file's, rebuild its signed root
 * and its compact range. Stops at the first problem.
 *
 * Consistency is checked by construction rather than by an RFC 9162 proof: the leaves of
 * checkpoint N are pushed onto the compact range that reproduced checkpoint N-1's signed root,
 * so when the result reproduces N's signed root, N's tree is N-1's tree plus these leaves,
 * which is exactly what a consistency proof shows. A proof computed from these same leaves
 * could not fail once both roots match, and computing one re-hashed the whole tree a second time.
 */
export function checkSignedLog(files: { number: number; text: string }[], key: SigningKey): SignedLog {
  const sorted = [...files].sort((a, b) => a.number - b.number);
  const id = keyId(key.name, key.publicKey).toString("hex");
  const checkpoints: CheckedCheckpoint[] = [];
  const lines: string[] = [];
  const frontier = new Frontier();
  let leaves: Buffer = Buffer.alloc(0);
  const done = (problem?: SignedLog["problem"]): SignedLog => {
    const size = checkpoints.at(-1)?.size ?? 0;
    return { checkpoints, leaves: leaves.subarray(0, size * 32), size, lines, ...(problem ? { problem } : {}) };
  };
  let expected = 1;
  for (const { number, text } of sorted) {
    if (number !== expected) {
      const reason =
        expected === 1
          ? `checkpoint #1 to #${number - 1} are missing from the checkpoint store (the first one there is #${number})`
          : `checkpoint #${expected}${number - 1 > expected ? ` to #${number - 1}` : ""} ${number - 1 > expected ? "are" : "is"} missing from the checkpoint store, between #${expected - 1} and #${number}`;
      return done({ kind: "missing-checkpoint", number: expected, reason });
    }
    const opened = openCheckpoint(text, key);
    if (!opened.ok) return done({ kind: "bad-signature", number, reason: `checkpoint #${number} is refused: ${opened.reason}` });
    const { file, checkpoint, leaves: added, compact } = opened;
    const previous = checkpoints.at(-1);
    const previousSize = previous?.size ?? 0;
    const bad = (reason: string) => done({ kind: "bad-checkpoint", number, reason: `checkpoint #${number} ${reason}` });
    if (checkpoint.number !== number) return bad(`says it is #${checkpoint.number}`);
    if (file.from !== previousSize || checkpoint.size !== previousSize + file.leaves.length) {
      return bad(`does not continue from #${number - 1} (${previousSize} entries)`);
    }
    if (previous && checkpoint.signedAt < previous.signedAt) return bad(`was signed before #${number - 1}`);
    leaves = withRoom(leaves, checkpoint.size * 32);
    added.copy(leaves, previousSize * 32);
    for (let at = 0; at < added.length; at += 32) frontier.push(added.subarray(at, at + 32));
    if (!frontier.root().equals(checkpoint.root)) return bad("does not match the leaves stored with it");
    // The portal signs the next checkpoint on top of the newest one's compact range: it must be this tree's.
    if (!sameHashes(compact, frontier.hashes())) return bad("has a compact range that is not its tree's");
    checkpoints.push({ ...checkpoint, keyId: id });
    lines.push(
      `checkpoint #${number}: ${checkpoint.size.toLocaleString("en-US")} entries, signed ${checkpoint.signedAt} by key ${id}` +
        (previous ? `, consistent with #${number - 1}` : ""),
    );
    expected += 1;
  }
  return done();
}

/** `buffer`, or a copy with room for at least `bytes`, doubling so a million leaves are copied a few times, not a thousand. */
function withRoom(buffer: Buffer, bytes: number): Buffer {
  if (buffer.length >= bytes) return buffer;
  const grown = Buffer.alloc(Math.max(bytes, buffer.length * 2));
  buffer.copy(grown);
  return grown;
}

function sameHashes(joined: Buffer, hashes: Buffer[]): boolean {
  return joined.length === hashes.length * 32 && hashes.every((h, i) => h.equals(joined.subarray(i * 32, i * 32 + 32)));
}

/** The checkpoint that first covers entry `seq`. */
export function checkpointCovering(log: SignedLog, seq: number): CheckedCheckpoint | undefined {
  return log.checkpoints.find((c) => c.size >= seq);
}
