// `npm run bench:audit-tree`: the change log's Merkle tree and checkpoints at 1,000,000 entries,
// without a database: checking 1,000 signed checkpoints of 1,000 entries each (signatures, gaps,
// consistency proofs, roots), one inclusion proof (p95 over 1,000, after the first builds the
// cache), and what maintaining the tree on every append would cost (a compact-range push).
//   npx tsx bench/audit-tree.ts [-- --entries N --per-checkpoint M]
import { generateKeyPairSync, randomBytes } from "node:crypto";
import { checkpointFileText, checkSignedLog, type CheckpointFile } from "../lib/audit/checkpoint-log";
import { Frontier, inclusionProof, leafHash, rangeHasher, verifyInclusion } from "../lib/audit/merkle";
import { checkpointBody, signNote } from "../lib/audit/signed-note";

const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(name);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
};
const entries = arg("--entries", 1_000_000);
const per = arg("--per-checkpoint", 1000);
const NAME = "bench.example/audit";
const { privateKey, publicKey } = generateKeyPairSync("ed25519");
const p95 = (xs: number[]) => xs.sort((a, b) => a - b)[Math.ceil(xs.length * 0.95) - 1];

// Leaves as the checkpointer makes them: the hash of each entry's canonical content (~300 bytes).
const content = randomBytes(300).toString("base64");
let started = performance.now();
const leaves = Array.from({ length: entries }, (_, i) => leafHash(`${content}${i}`));
const leafMs = performance.now() - started;

started = performance.now();
const frontier = new Frontier();
const files: { number: number; text: string }[] = [];
for (let from = 0, number = 1; from < entries; from += per, number++) {
  const batch = leaves.slice(from, from + per);
  for (const leaf of batch) frontier.push(leaf);
  const body = checkpointBody({ origin: NAME, size: frontier.size, root: frontier.root(), number, signedAt: new Date().toISOString() });
  const file: CheckpointFile = {
    note: signNote(body, NAME, privateKey),
    from,
    leaves: batch.map((l) => l.toString("hex")),
    compact: frontier.hashes().map((h) => h.toString("hex")),
    lastHash: null,
  };
  files.push({ number, text: checkpointFileText(file) });
}
const issueMs = performance.now() - started;

started = performance.now();
const log = checkSignedLog(files, { name: NAME, publicKey });
const checkMs = performance.now() - started;
if (log.problem || log.size !== entries) throw new Error(`the checkpoints did not verify: ${log.problem?.reason}`);

const mth = rangeHasher((i) => leaves[i]);
const root = mth(0, entries);
started = performance.now();
inclusionProof(entries >> 1, entries, mth);
const coldMs = performance.now() - started;
const proofTimes: number[] = [];
for (let i = 0; i < 1000; i++) {
  const m = Math.floor(Math.random() * entries);
  const t = performance.now();
  const proof = inclusionProof(m, entries, mth);
  proofTimes.push(performance.now() - t);
  if (!verifyInclusion(m, entries, leaves[m], proof, root)) throw new Error(`proof of ${m} does not verify`);
}

const pushTimes: number[] = [];
const f = new Frontier();
for (let i = 0; i < 100_000; i++) {
  const t = performance.now();
  f.push(leaves[i]);
  f.root();
  pushTimes.push(performance.now() - t);
}

const n = entries.toLocaleString("en-US");
console.log(`${n} entries, ${files.length.toLocaleString("en-US")} checkpoints of ${per.toLocaleString("en-US")}`);
console.log(`leaf hashes:                         ${(leafMs / 1000).toFixed(2)} s (${((leafMs * 1000) / entries).toFixed(2)} µs each)`);
console.log(`signing the checkpoints:             ${(issueMs / 1000).toFixed(2)} s`);
console.log(`checking every checkpoint:           ${(checkMs / 1000).toFixed(2)} s (signatures, gaps, consistency proofs, roots)`);
console.log(`inclusion proof, first (cold cache): ${coldMs.toFixed(1)} ms`);
console.log(`inclusion proof p95 (1,000):         ${p95(proofTimes).toFixed(3)} ms`);
console.log(`tree kept on append (push + root):   p95 ${(p95(pushTimes) * 1000).toFixed(1)} µs per append`);
