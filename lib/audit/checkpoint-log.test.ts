import { generateKeyPairSync } from "node:crypto";
import { describe, expect, it } from "vitest";
import { checkpointFileText, checkSignedLog, type CheckpointFile } from "./checkpoint-log";
import { consistencyProof, Frontier, leafHash, rangeHasher, verifyConsistency, type Hash } from "./merkle";
import { checkpointBody, signNote } from "./signed-note";

// checkSignedLog checks each checkpoint's consistency with the one before by extending the
// earlier compact range with the file's leaves (not with an RFC 9162 proof rebuilt from those
// same leaves, which re-hashed the whole tree: docs/benchmarks.md). These tests hold it to the
// same refusals: a history rewritten under a valid signature, a reordered or edited leaf, a
// skipped or foreign checkpoint, and now a compact range that is not the tree's.
const NAME = "portal.test/stackport-audit";
const ours = generateKeyPairSync("ed25519");
const theirs = generateKeyPairSync("ed25519");
const key = { name: NAME, publicKey: ours.publicKey };
const hex = (h: Hash) => h.toString("hex");

const leafAt = (i: number) => leafHash(`entry ${i}`);
const SIZES = [5, 8, 13, 16, 23]; // checkpoint #1 covers 5 entries, #2 eight, …

interface Draft {
  root?: Hash;
  leaves: Hash[];
  compact: Hash[];
  from: number;
  size: number;
  signer?: typeof ours;
  number?: number;
}

/** Signed files for `drafts`, as issueCheckpoint writes them. */
function files(drafts: Draft[]) {
  return drafts.map((d, i) => {
    const number = i + 1;
    const root = d.root ?? Frontier.from(d.size, d.compact).root();
    const body = checkpointBody({
      origin: NAME,
      size: d.size,
      root,
      number: d.number ?? number,
      signedAt: `2026-12-0${number}T10:00:00.000Z`,
    });
    const file: CheckpointFile = {
      note: signNote(body, NAME, (d.signer ?? ours).privateKey),
      from: d.from,
      leaves: d.leaves.map(hex),
      compact: d.compact.map(hex),
      lastHash: null,
    };
    return { number, text: `${JSON.stringify(file)}\n` };
  });
}

/** An honest log over `leaves`, checkpointed at SIZES. */
function honest(leaves: Hash[] = Array.from({ length: SIZES.at(-1)! }, (_, i) => leafAt(i))): Draft[] {
  const frontier = new Frontier();
  return SIZES.map((size, i) => {
    const from = i ? SIZES[i - 1] : 0;
    const added = leaves.slice(from, size);
    for (const leaf of added) frontier.push(leaf);
    return { leaves: added, compact: frontier.hashes(), from, size };
  });
}

const text = (f: { text: string }) => JSON.parse(f.text) as CheckpointFile;
const retext = (f: { number: number; text: string }, change: (file: CheckpointFile) => CheckpointFile) => ({
  number: f.number,
  text: JSON.stringify(change(text(f))),
});

describe("checking the signed checkpoints", () => {
  it("accepts an honest log: one line per checkpoint, each consistent with the one before, and every signed leaf", () => {
    const log = checkSignedLog(files(honest()), key);
    expect(log.problem).toBeUndefined();
    expect(log.size).toBe(23);
    expect(log.lines).toHaveLength(5);
    expect(log.lines[0]).toMatch(/^checkpoint #1: 5 entries, signed 2026-12-01T10:00:00.000Z by key [0-9a-f]{8}$/);
    expect(log.lines[4]).toMatch(/^checkpoint #5: 23 entries, signed .* by key [0-9a-f]{8}, consistent with #4$/);
    expect(log.leaves.equals(Buffer.concat(Array.from({ length: 23 }, (_, i) => leafAt(i))))).toBe(true);
  });

  it("writes a file in ASCII only, with the same JSON value, and reads files written either way", () => {
    const written = files(honest());
    const ascii = written.map((f) => ({ number: f.number, text: checkpointFileText(text(f)) }));
    expect(written[0].text).toContain("\u2014 "); // the note's signature line, as JSON.stringify leaves it
    for (const f of ascii) expect(f.text).toMatch(/^[\0-\x7f]*\n$/);
    expect(ascii.map(text)).toEqual(written.map(text));
    expect(checkSignedLog(ascii, key).lines).toEqual(checkSignedLog(written, key).lines);
    expect(checkSignedLog([...ascii.slice(0, 2), ...written.slice(2)], key).problem).toBeUndefined();
  });

  it("takes the files in number order whatever order the store lists them in", () => {
    const log = checkSignedLog(files(honest()).reverse(), key);
    expect(log.problem).toBeUndefined();
    expect(log.checkpoints.map((c) => c.number)).toEqual([1, 2, 3, 4, 5]);
  });

  it("refuses a checkpoint signed with the right key over a rewritten history, though its own leaves and compact range agree with it", () => {
    // The insider holds the key and signs #4 over a history in which entry 3 was edited,
    // storing with it the honest entries 14–16 and the forked tree's compact range.
    const forked = Array.from({ length: 23 }, (_, i) => (i === 2 ? leafHash("edited") : leafAt(i)));
    const drafts = honest();
    drafts[3] = { ...honest(forked)[3] };
    const log = checkSignedLog(files(drafts), key);
    expect(log.problem).toEqual({ kind: "bad-checkpoint", number: 4, reason: "checkpoint #4 does not match the leaves stored with it" });
    expect(log.size).toBe(13); // what #1 to #3 signed still stands
    expect(log.lines).toHaveLength(3);
    // …and an RFC 9162 consistency proof between the two signed roots fails the same way.
    const honestTree = rangeHasher((i) => leafAt(i));
    const forkedTree = rangeHasher((i) => forked[i]);
    expect(verifyConsistency(13, 16, consistencyProof(13, 16, forkedTree), honestTree(0, 13), forkedTree(0, 16))).toBe(false);
  });

  it("refuses leaves swapped within one file, and across two", () => {
    const within = files(honest());
    within[2] = retext(within[2], (f) => ({ ...f, leaves: [f.leaves[1], f.leaves[0], ...f.leaves.slice(2)] }));
    expect(checkSignedLog(within, key).problem).toMatchObject({ kind: "bad-checkpoint", number: 3 });

    const across = files(honest());
    const [second, third] = [text(across[1]), text(across[2])];
    across[1] = retext(across[1], (f) => ({ ...f, leaves: [...f.leaves.slice(0, -1), third.leaves[0]] }));
    across[2] = retext(across[2], (f) => ({ ...f, leaves: [second.leaves.at(-1)!, ...f.leaves.slice(1)] }));
    expect(checkSignedLog(across, key).problem).toEqual({
      kind: "bad-checkpoint",
      number: 2,
      reason: "checkpoint #2 does not match the leaves stored with it",
    });
  });

  it("refuses an edited leaf in any file, naming that file", () => {
    for (const n of [0, 2, 4]) {
      const edited = files(honest());
      edited[n] = retext(edited[n], (f) => ({ ...f, leaves: [hex(leafHash("edited")), ...f.leaves.slice(1)] }));
      expect(checkSignedLog(edited, key).problem, `file #${n + 1}`).toMatchObject({ kind: "bad-checkpoint", number: n + 1 });
    }
  });

  it("refuses a compact range that is not the tree's, in an earlier file and in the newest", () => {
    for (const n of [1, 4]) {
      const tampered = files(honest());
      tampered[n] = retext(tampered[n], (f) => ({ ...f, compact: [hex(leafHash("forged")), ...f.compact.slice(1)] }));
      expect(checkSignedLog(tampered, key).problem).toEqual({
        kind: "bad-checkpoint",
        number: n + 1,
        reason: `checkpoint #${n + 1} has a compact range that is not its tree's`,
      });
    }
    const short = files(honest());
    short[2] = retext(short[2], (f) => ({ ...f, compact: f.compact.slice(1) }));
    expect(checkSignedLog(short, key).problem).toMatchObject({ kind: "bad-checkpoint", number: 3 });
  });

  it("names a skipped checkpoint, or several, and what is missing before the first one there", () => {
    const all = files(honest());
    expect(checkSignedLog([all[0], all[2], all[3], all[4]], key).problem).toEqual({
      kind: "missing-checkpoint",
      number: 2,
      reason: "checkpoint #2 is missing from the checkpoint store, between #1 and #3",
    });
    expect(checkSignedLog([all[0], all[3]], key).problem?.reason).toBe(
      "checkpoint #2 to #3 are missing from the checkpoint store, between #1 and #4",
    );
    expect(checkSignedLog(all.slice(2), key).problem?.reason).toBe(
      "checkpoint #1 to #2 are missing from the checkpoint store (the first one there is #3)",
    );
  });

  it("refuses a file that does not continue from the one before: leaves dropped, or a wrong start", () => {
    const dropped = files(honest());
    dropped[1] = retext(dropped[1], (f) => ({ ...f, leaves: f.leaves.slice(1) }));
    expect(checkSignedLog(dropped, key).problem).toEqual({
      kind: "bad-checkpoint",
      number: 2,
      reason: "checkpoint #2 does not continue from #1 (5 entries)",
    });
    const moved = files(honest());
    moved[1] = retext(moved[1], (f) => ({ ...f, from: 4 }));
    expect(checkSignedLog(moved, key).problem).toMatchObject({ kind: "bad-checkpoint", number: 2 });
  });

  it("refuses a checkpoint signed by another key, or renumbered under a valid signature", () => {
    const drafts = honest();
    drafts[2] = { ...drafts[2], signer: theirs };
    expect(checkSignedLog(files(drafts), key).problem).toEqual({
      kind: "bad-signature",
      number: 3,
      reason: "checkpoint #3 is refused: it is signed by another key",
    });
    const renumbered = honest();
    renumbered[2] = { ...renumbered[2], number: 7 };
    expect(checkSignedLog(files(renumbered), key).problem?.reason).toBe("checkpoint #3 says it is #7");
  });

  it("refuses hashes that are not 64 lowercase hex digits, as the file format always has", () => {
    const good = hex(leafAt(5));
    for (const leaf of [good.toUpperCase(), good.slice(1), `${good}0`, `${good.slice(0, 62)}zz`, 7]) {
      const bad = files(honest());
      bad[1] = retext(bad[1], (f) => ({ ...f, leaves: [leaf as string, ...f.leaves.slice(1)] }));
      expect(checkSignedLog(bad, key).problem, String(leaf)).toEqual({
        kind: "bad-signature",
        number: 2,
        reason: "checkpoint #2 is refused: it is not a checkpoint file",
      });
    }
    // Two hashes of 63 and 65 digits would join into valid hex: each is checked on its own.
    const shifted = files(honest());
    shifted[1] = retext(shifted[1], (f) => ({
      ...f,
      leaves: [f.leaves[0].slice(0, 63), `${f.leaves[0].slice(63)}${f.leaves[1]}`, ...f.leaves.slice(2)],
    }));
    expect(checkSignedLog(shifted, key).problem?.reason).toBe("checkpoint #2 is refused: it is not a checkpoint file");
  });

  it("agrees with RFC 9162 consistency proofs for every pair of checkpoint sizes up to 40, honest or forked", () => {
    const leaves = Array.from({ length: 40 }, (_, i) => leafAt(i));
    const tree = rangeHasher((i) => leaves[i]);
    for (let m = 1; m < 40; m++) {
      for (let n = m + 1; n <= 40; n += 3) {
        const forked = leaves.map((l, i) => (i === m - 1 ? leafHash("edited") : l));
        const other = rangeHasher((i) => forked[i]);
        for (const [name, signedRoot, proofTree] of [
          ["honest", tree(0, n), tree],
          ["forked", other(0, n), other],
        ] as const) {
          const first = new Frontier();
          leaves.slice(0, m).forEach((l) => first.push(l));
          const second = new Frontier();
          leaves.slice(0, n).forEach((l) => second.push(l));
          const drafts: Draft[] = [
            { leaves: leaves.slice(0, m), compact: first.hashes(), from: 0, size: m },
            { leaves: leaves.slice(m, n), compact: second.hashes(), from: m, size: n, root: signedRoot },
          ];
          const accepted = checkSignedLog(files(drafts), key).problem === undefined;
          const rfc = verifyConsistency(m, n, consistencyProof(m, n, proofTree), tree(0, m), signedRoot);
          expect(accepted, `${name} ${m}→${n}`).toBe(rfc);
          expect(accepted).toBe(name === "honest");
        }
      }
    }
  });
});
