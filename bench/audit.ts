// `npm run bench:audit`: server-side timings of the change-log browser and the chain check
// against the large database (`npm run seed:large` first).
//   DATABASE_URL=file:./.data/large.db (the default) npm run bench:audit [-- --iterations N --strict]
// Calls the lib/ query functions directly, as the pages do, so the figures are the server's
// share of a page: no rendering, no network. Targets (SQLite, 1,000,000 entries): p95 ≤ 100 ms
// per page, full verification ≤ 10 s. --strict exits 1 when a target is missed.
import { createDb } from "../lib/db/client";
import { listAuditEntries, type AuditSource } from "../lib/audit/queries";
import { parseAuditSearch } from "../lib/audit/schemas";
import { verifyChainAt } from "../lib/audit/verify-url";

const PAGE_TARGET_MS = 100;
const VERIFY_TARGET_MS = 10_000;

const args = process.argv.slice(2);
const iterationsArg = args.indexOf("--iterations");
const iterations = iterationsArg >= 0 ? Number(args[iterationsArg + 1]) : 200;
const strict = args.includes("--strict");
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

const verify = await verifyChainAt(url, db);
const verifyOk = verify.ok && verify.durationMs <= VERIFY_TARGET_MS;
if (!verifyOk) missed += 1;
console.log(
  `\nfull-chain verification: ${verify.ok ? "intact" : `BROKEN at ${verify.firstBroken?.seq}`}, ${verify.checked.toLocaleString("en-US")} entries in ${(verify.durationMs / 1000).toFixed(2)} s ${verifyOk ? "✔" : "✖"}`,
);
console.log(
  `targets: p95 ≤ ${PAGE_TARGET_MS} ms per page, verification ≤ ${VERIFY_TARGET_MS / 1000} s — ${missed ? `${missed} missed` : "all met"}`,
);
await db.$disconnect();
if (strict && missed) process.exitCode = 1;
