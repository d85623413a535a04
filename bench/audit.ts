// `npm run bench:audit`: server-side timings of the change-log browser and the chain check
// against the large database (`npm run seed:large` first).
//   DATABASE_URL=file:./.data/large.db (the default) npm run bench:audit [-- --iterations N --strict --checkpoint-every N]
// Calls the lib/ query functions directly, as the pages do, so the figures are the server's
// share of a page: no rendering, no network. Targets (SQLite, 1,000,000 entries): p95 ≤ 100 ms
// per page, full verification ≤ 10 s. --strict exits 1 when a target is missed.
// Full verification is audit:verify's: every signed checkpoint, then every entry against the chain
// and the signed leaves. With a checkpoint key configured (AUDIT_SIGNING_KEY_FILE or
// AUDIT_PUBLIC_KEY_FILE) it uses AUDIT_CHECKPOINT_DIR as it is; otherwise a throwaway key signs a
// checkpoint every 1,000 entries (--checkpoint-every N) into a temporary directory first.
import { generateKeyPairSync } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { createDb } from "../lib/db/client";
import { checkpointConfig, issueCheckpoint, type CheckpointConfig } from "../lib/audit/checkpoint";
import { checkSignedLog } from "../lib/audit/checkpoint-log";
import { directorySink, readAllCheckpoints } from "../lib/audit/checkpoint-sink";
import { listAuditEntries, type AuditSource } from "../lib/audit/queries";
import { parseAuditSearch } from "../lib/audit/schemas";
import { verifyChain } from "../lib/audit/verify";
import { chainSourceAt, verifyChainAt } from "../lib/audit/verify-url";

const PAGE_TARGET_MS = 100;
const VERIFY_TARGET_MS = 10_000;

const args = process.argv.slice(2);
const iterationsArg = args.indexOf("--iterations");
const iterations = iterationsArg >= 0 ? Number(args[iterationsArg + 1]) : 200;
const strict = args.includes("--strict");
const everyArg = args.indexOf("--checkpoint-every");
const checkpointEvery = everyArg >= 0 ? Number(args[everyArg + 1]) : 1000;
const url = process.env.DATABASE_URL || "file:./.data/large.db";
const { db, provider } = createDb(url);
const source: AuditSource = { db, provider };

const head = await db.auditHead.findUniqueOrThrow({ where: { id: 1 } });
if (head.seq < 10_000) console.warn(`Only ${head.seq} entries: seed the large database first (npm run seed:large).`);

// Filter values taken from the data itself, from the middle of the log.
const middle = await db.auditEntry.findFirstOrThrow({
  where: { seq: { lte: Math.floor(head.seq / 2) }, clientId: { not: null }, actorId: { not: null } },
  orderBy: { seq: "desc" },
});
const client = await db.client.findUnique({ where: { id: middle.clientId! }, select: { slug: true } });
const actor = await db.user.findUniqueOrThrow({ where: { id: middle.actorId! }, select: { email: true } });
const day = (offset: number) => new Date(middle.at.getTime() + offset * 24 * 3600 * 1000).toISOString().slice(0, 10);

const cases: { name: string; params: Record<string, string> }[] = [
  { name: "first page", params: {} },
  { name: "by action", params: { action: middle.action } },
  { name: "by client", params: { client: client?.slug ?? middle.clientId! } },
  { name: "by actor (an account)", params: { actor: actor.email } },
  { name: "by actor (a label)", params: { actor: "tracker" } },
  { name: "free text", params: { q: "headroom" } },
  { name: "free text, no match", params: { q: "no-such-text-anywhere" } },
  { name: "date range (one week)", params: { from: day(-3), to: day(3) } },
  { name: "action + client + dates", params: { action: "request.create", client: client?.slug ?? "", from: day(-60), to: day(60) } },
  { name: "deep page (keyset)", params: { before: String(Math.max(2, Math.floor(head.seq / 100))) } },
  { name: "deep page, by action", params: { action: "request.approve", before: String(Math.floor(head.seq / 10)) } },
];

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
let missed = 0;

console.log(`${provider} ${url} — ${head.seq.toLocaleString("en-US")} entries, ${iterations} iterations per case\n`);
console.log(`${"case".padEnd(28)} ${"p50 ms".padStart(8)} ${"p95 ms".padStart(8)} ${"max ms".padStart(8)}  rows`);
for (const c of cases) {
  const parsed = parseAuditSearch(c.params);
  if (!parsed.ok) throw new Error(`${c.name}: ${JSON.stringify(parsed.fieldErrors)}`);
  let rows = 0;
  for (let i = 0; i < 5; i++) rows = (await listAuditEntries(parsed.search, source)).entries.length; // warm-up
  const times: number[] = [];
  for (let i = 0; i < iterations; i++) {
    const started = performance.now();
    await listAuditEntries(parsed.search, source);
    times.push(performance.now() - started);
  }
  times.sort((a, b) => a - b);
  const p95 = percentile(times, 95);
  const ok = p95 <= PAGE_TARGET_MS;
  if (!ok) missed += 1;
  console.log(
    `${c.name.padEnd(28)} ${percentile(times, 50).toFixed(1).padStart(8)} ${p95.toFixed(1).padStart(8)} ${times[times.length - 1].toFixed(1).padStart(8)}  ${String(rows).padStart(4)} ${ok ? "✔" : "✖"}`,
  );
}

// The portal's configuration only when it names a key: reading it needs the portal's whole environment.
const configured = process.env.AUDIT_SIGNING_KEY_FILE || process.env.AUDIT_PUBLIC_KEY_FILE ? checkpointConfig() : undefined;
let config: CheckpointConfig;
let temporary: string | undefined;
if (configured) {
  config = configured;
} else {
  temporary = await mkdtemp(path.join(os.tmpdir(), "stackport-bench-checkpoints-"));
  const { privateKey, publicKey } = generateKeyPairSync("ed25519");
  config = {
    name: "bench.example/stackport-audit",
    sink: directorySink(temporary),
    privateKey,
    publicKey,
    every: checkpointEvery,
    maxAgeMs: 3_600_000,
  };
  const { source: chain, close } = chainSourceAt(url, db);
  const started = performance.now();
  const sizes = Array.from({ length: Math.ceil(head.seq / config.every) }, (_, i) => Math.min((i + 1) * config.every, head.seq));
  for (const upTo of sizes) {
    // The checkpointer as it ran when the log had `upTo` entries.
    const result = await issueCheckpoint({ ...chain, head: async () => ({ seq: upTo, lastHash: "" }) }, config);
    if (!result.issued) throw new Error(`no checkpoint at ${upTo}: ${result.reason}`);
  }
  await close();
  console.log(
    `\nsigned ${sizes.length.toLocaleString("en-US")} checkpoints of ${config.every.toLocaleString("en-US")} entries with a throwaway key in ${((performance.now() - started) / 1000).toFixed(2)} s`,
  );
}

let started = performance.now();
const files = await readAllCheckpoints(config.sink);
const readMs = performance.now() - started;
started = performance.now();
const signed = checkSignedLog(files, { name: config.name, publicKey: config.publicKey });
const checkMs = performance.now() - started;
const chain = chainSourceAt(url, db);
const chainOnly = await verifyChain(chain.source, chain.pageSize);
await chain.close();

const verify = await verifyChainAt(url, db, config);
const verifyOk = verify.ok && !verify.checkpoints?.problem && verify.durationMs <= VERIFY_TARGET_MS;
if (!verifyOk) missed += 1;
const s = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
console.log(
  `\nfull verification from ${files.length.toLocaleString("en-US")} signed checkpoints: ${verify.ok ? "intact" : `BROKEN at ${verify.firstBroken?.seq ?? verify.checkpoints?.problem?.reason}`}, ${verify.checked.toLocaleString("en-US")} entries in ${s(verify.durationMs)} ${verifyOk ? "✔" : "✖"}`,
);
console.log(
  `  reading the checkpoint files ${s(readMs)}, checking them ${s(checkMs)}${signed.problem ? ` (${signed.problem.reason})` : ""}`,
);
console.log(`  the hash chain alone (no checkpoints): ${chainOnly.ok ? "intact" : "BROKEN"}, ${s(chainOnly.durationMs)}`);
if (temporary) await rm(temporary, { recursive: true, force: true });
console.log(
  `targets: p95 ≤ ${PAGE_TARGET_MS} ms per page, verification ≤ ${VERIFY_TARGET_MS / 1000} s — ${missed ? `${missed} missed` : "all met"}`,
);
await db.$disconnect();
if (strict && missed) process.exitCode = 1;
