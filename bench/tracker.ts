// `npm run bench:tracker`: 200 stacks launching at once through one worker (the tracker a
// portal instance runs) and the sandbox. Prints the p95 lag from the sandbox emitting an event
// to the event being stored, CloudFormation calls per in-progress stack per minute, and the
// calls made for stacks with nothing in progress (should be zero).
import { execFileSync } from "node:child_process";
import { rmSync } from "node:fs";
import path from "node:path";
import { startSandbox } from "../sandbox/testing/spawn";
import { createDb } from "../lib/db/client";
import { startWorkerProcess, waitFor } from "../test/support/worker-process";

const STACKS = Number(process.env.BENCH_STACKS ?? 200);
/** The p-th percentile of values sorted ascending. */
const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
const root = path.resolve(import.meta.dirname, "..");
// SQLite by default; BENCH_DATABASE=postgresql runs it on the PostgreSQL production mode uses
// (its own schema, dropped afterwards).
const onPostgres = process.env.BENCH_DATABASE === "postgresql";
const pgBase = process.env.TEST_POSTGRES_URL ?? "postgresql://postgres@127.0.0.1:5432/test";
const schema = `bench_tracker_${Date.now().toString(36)}`;
const file = path.join(root, ".data", "bench-tracker.db");
if (!onPostgres) rmSync(file, { force: true });
const url = onPostgres ? `${pgBase}?schema=${schema}` : `file:${path.relative(root, file)}`;
process.env.DATABASE_URL = url;
process.env.NEXTAUTH_SECRET ??= "bench-secret-bench-secret-bench-secret-0000";
execFileSync(process.execPath, ["scripts/prisma.mjs", "migrate"], { cwd: root, stdio: "ignore", env: process.env });

const { onboardClient } = await import("../lib/changes/onboard-client");
const { approveRequest } = await import("../lib/changes/decide");
const { db } = createDb(url);
const am = await db.user.create({ data: { email: "bench-am@stackport.test", name: "Bench AM", role: "ACCOUNT_MANAGER" } });
const eng = await db.user.create({ data: { email: "bench-eng@stackport.test", name: "Bench Eng", role: "ENGINEER" } });
for (let i = 0; i < STACKS; i++) {
  const r = await onboardClient(
    { ...am, role: "ACCOUNT_MANAGER" },
    { displayName: `Bench Client ${i}`, environment: "staging", region: "us-east-1", blueprintId: "stateless-web", sizeId: "medium" },
  );
  await approveRequest({ ...eng, role: "ENGINEER" }, { requestId: r.id, version: r.version });
}
console.log(`${STACKS} approved launches queued; starting the sandbox and one worker`);

// The sandbox stands in for AWS, whose work does not share this machine's CPU: it keeps its
// state in memory here instead of persisting it to disk every 50 ms as the tests' sandbox does.
const sandbox = await startSandbox({ speed: 40, env: { SANDBOX_STATE_FILE: "none" } });
const started = Date.now();
const worker = startWorkerProcess({
  DATABASE_URL: url,
  NEXTAUTH_SECRET: process.env.NEXTAUTH_SECRET!,
  CLOUDFORMATION_ENDPOINT: sandbox.endpoint,
  WORKER_INTERVAL_MS: "500",
  WORKER_LEASE_SECONDS: "30",
});
try {
  await waitFor(
    "all launches",
    async () => (await db.changeRequest.count({ where: { state: { in: ["SUCCEEDED", "FAILED"] } } })) === STACKS,
    15 * 60_000,
    1000,
  );
  const seconds = (Date.now() - started) / 1000;
  const events = await db.stackEvent.findMany({ select: { timestamp: true, storedAt: true } });
  const lags = events.map((e) => (e.storedAt.getTime() - e.timestamp.getTime()) / 1000).sort((a, b) => a - b);
  const ops = await db.operation.findMany({ select: { cfnCalls: true, startedAt: true, finishedAt: true } });
  const minutes = ops.reduce((t, o) => t + ((o.finishedAt ?? new Date()).getTime() - o.startedAt.getTime()) / 60_000, 0);
  const calls = ops.reduce((t, o) => t + o.cfnCalls, 0);
  // Nothing in progress now: the tracker must not call CloudFormation at all.
  const before = await sandbox.control<{ totalCalls?: number; calls?: Record<string, number> }>("/_sandbox/stats");
  await new Promise((r) => setTimeout(r, 10_000));
  const after = await sandbox.control<{ totalCalls?: number; calls?: Record<string, number> }>("/_sandbox/stats");
  const total = (s: typeof before) => s.totalCalls ?? Object.values(s.calls ?? {}).reduce((a, b) => a + (typeof b === "number" ? b : 0), 0);
  console.log(`\nbench:tracker — ${STACKS} stacks, one worker, ${onPostgres ? "PostgreSQL" : "SQLite"}, sandbox speed 40`);
  console.log(
    `  all finished in            ${seconds.toFixed(1)} s (${await db.changeRequest.count({ where: { state: "SUCCEEDED" } })} succeeded)`,
  );
  console.log(`  events stored              ${events.length}`);
  console.log(
    `  event lag p50 / p95 / max  ${percentile(lags, 50).toFixed(2)} s / ${percentile(lags, 95).toFixed(2)} s / ${lags[lags.length - 1].toFixed(2)} s   (target p95 ≤ 2 s)`,
  );
  // Where the lag comes from: the p95 per 5-second window of the run, by when the events were emitted.
  const t0 = events.reduce((t, e) => Math.min(t, e.timestamp.getTime()), Infinity);
  const windows = new Map<number, number[]>();
  for (const e of events) {
    const w = Math.floor((e.timestamp.getTime() - t0) / 5000);
    const lag = (e.storedAt.getTime() - e.timestamp.getTime()) / 1000;
    const window = windows.get(w);
    if (window) window.push(lag);
    else windows.set(w, [lag]);
  }
  const byWindow = [...windows]
    .sort((a, b) => a[0] - b[0])
    .map(([w, l]) => {
      l.sort((a, b) => a - b);
      return `${w * 5}s: ${l.length} ev p95 ${percentile(l, 95).toFixed(2)}`;
    });
  console.log(`  lag p95 per 5 s window     ${byWindow.join(" · ")}`);
  console.log(`  calls per in-progress stack per minute  ${(calls / minutes).toFixed(1)}`);
  console.log(`  calls in 10 s with nothing in progress  ${total(after) - total(before)}   (target 0)`);
} finally {
  await worker.stop();
  await sandbox.stop();
  await db.$disconnect();
  if (onPostgres) {
    const pg = await import("pg");
    const admin = new pg.default.Client({ connectionString: pgBase });
    await admin.connect();
    await admin.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    await admin.end();
  }
}
