// `npm run bench:rollout`: live clients on stateless-web 1.0.0 (BENCH_CLIENTS, default 500; a tenth
// staging), one rollout of the current version with the default waves (bake times set to 0 so the
// run measures the scheduler, not the clock), stepped by one real worker process against the
// sandbox (in memory, as bench:tracker runs it). Then a second rollout over fresh clients, with a
// failure injected into wave 2, to count clients started after the failure was recorded.
//
// Ends with two lines of key=value figures:
//   rollout: clients=… waves=… wall_s=… bound_s=… ratio=… calls_per_client=… duplicates=…
//   halt: started_after_failure=K concurrency=C
// bound_s is the plan's lower bound (lib/rollouts/plan.ts lowerBoundSeconds) from each client's own
// update duration; duplicates counts ExecuteChangeSet calls beyond one per updated client.
import { execFileSync } from "node:child_process";
import { rmSync } from "node:fs";
import path from "node:path";
import { startSandbox } from "../sandbox/testing/spawn";
import { startWorkerProcess, waitFor } from "../test/support/worker-process";

const CLIENTS = Number(process.env.BENCH_CLIENTS ?? 500);
const HALT_CLIENTS = Number(process.env.BENCH_HALT_CLIENTS ?? 40);
const LAUNCH_SPEED = Number(process.env.BENCH_SANDBOX_SPEED ?? 400);
const ROLLOUT_SPEED = Number(process.env.BENCH_ROLLOUT_SPEED ?? 1);
const root = path.resolve(import.meta.dirname, "..");
// PostgreSQL by default (production's database): on SQLite this program's own onboarding writes and
// the worker's compete for the one writer and time out (BENCH_DATABASE=sqlite to try it anyway).
const onPostgres = (process.env.BENCH_DATABASE ?? "postgresql") === "postgresql";
const pgBase = process.env.TEST_POSTGRES_URL ?? "postgresql://postgres@127.0.0.1:5432/test";
const schema = `bench_rollout_${Date.now().toString(36)}`;
const file = path.join(root, ".data", "bench-rollout.db");
if (!onPostgres) rmSync(file, { force: true });
const url = onPostgres ? `${pgBase}?schema=${schema}` : `file:${path.relative(root, file)}`;
process.env.DATABASE_URL = url;
process.env.NEXTAUTH_SECRET ??= "bench-secret-bench-secret-bench-secret-0000";
execFileSync(process.execPath, ["scripts/prisma.mjs", "migrate"], { cwd: root, stdio: "ignore", env: process.env });

const { db } = await import("../lib/db");
const { onboardClient } = await import("../lib/changes/onboard-client");
const { approveRequest } = await import("../lib/changes/decide");
const { onboardOnFirstVersion } = await import("../test/support/first-version");
const { approveRollout, createRollout, editWaves } = await import("../lib/rollouts/decide");
const { selectionSchema } = await import("../lib/rollouts/schemas");
const { lowerBoundSeconds } = await import("../lib/rollouts/plan");
type Wave = import("../lib/rollouts/plan").Wave;

const person = async (role: "ACCOUNT_MANAGER" | "ENGINEER", email: string) => {
  const u = await db.user.create({ data: { email, name: email.split("@")[0], role } });
  return { id: u.id, email: u.email, name: u.name, role };
};
const eng = await person("ENGINEER", "bench-eng@stackport.test");
const eng2 = await person("ENGINEER", "bench-eng2@stackport.test");

async function launchFleet(owner: Awaited<ReturnType<typeof person>>, count: number, prefix: string) {
  const ids: string[] = [];
  for (let i = 0; i < count; i++) {
    const staging = i % 10 === 0;
    const r = await onboardClient(owner, {
      displayName: `${prefix} ${String(i).padStart(4, "0")}`,
      environment: staging ? "staging" : "production",
      region: "us-east-1",
      blueprintId: "stateless-web",
      sizeId: "medium",
    });
    await onboardOnFirstVersion(r.id);
    const fresh = await db.changeRequest.findUniqueOrThrow({ where: { id: r.id } });
    await approveRequest(eng, { requestId: r.id, version: fresh.version });
    ids.push(r.id);
  }
  await waitFor(
    `${count} launches`,
    async () => (await db.changeRequest.count({ where: { id: { in: ids }, state: { in: ["SUCCEEDED", "FAILED"] } } })) === count,
    30 * 60_000,
    1000,
  );
}

/** Prepares a rollout of the owner's clients, sets every bake to 0 (default sizes and concurrency), approves it. */
async function approvedRollout(ownerId: string) {
  const rollout = await createRollout(eng, { selection: selectionSchema.parse({ blueprintId: "stateless-web", ownerId }) });
  const review = await waitFor(
    "the review",
    async () => {
      const r = await db.rollout.findUniqueOrThrow({ where: { id: rollout.id } });
      return r.state === "REVIEW" && r;
    },
    30 * 60_000,
    500,
  );
  const waves = JSON.parse(review.waves!) as Wave[];
  await editWaves(eng, {
    rolloutId: rollout.id,
    version: review.version,
    waves: {
      waves: waves.map((w) => ({
        count: w.count,
        maxConcurrency: w.maxConcurrency,
        bakeMinutes: 0,
        toleranceKind: w.tolerance.kind,
        toleranceValue: w.tolerance.value,
      })),
    },
  });
  const ready = await db.rollout.findUniqueOrThrow({ where: { id: rollout.id } });
  return {
    ready,
    approve: () => approveRollout(eng2, { rolloutId: rollout.id, version: ready.version, manifestHash: ready.manifestHash! }),
  };
}

const sandbox = await startSandbox({ speed: LAUNCH_SPEED, env: { SANDBOX_STATE_FILE: "none" } });
const worker = startWorkerProcess({
  DATABASE_URL: url,
  NEXTAUTH_SECRET: process.env.NEXTAUTH_SECRET!,
  CLOUDFORMATION_ENDPOINT: sandbox.endpoint,
  WORKER_INTERVAL_MS: "250",
  WORKER_LEASE_SECONDS: "30",
  ROLLBACK_MONITORING_MINUTES: "0",
});
const calls = async () => (await sandbox.control<{ calls: Record<string, number> }>("/_sandbox/stats")).calls;
const total = (c: Record<string, number>) => Object.values(c).reduce((a, b) => a + b, 0);
try {
  // 1. The fleet, then one rollout over it.
  const owner = await person("ACCOUNT_MANAGER", "bench-am@stackport.test");
  let t = Date.now();
  await launchFleet(owner, CLIENTS, "Fleet");
  console.log(`${CLIENTS} clients launched on 1.0.0 in ${((Date.now() - t) / 1000).toFixed(0)} s`);
  t = Date.now();
  const before = await calls();
  const { ready, approve } = await approvedRollout(owner.id);
  // The fleet launched fast; the change itself runs at ROLLOUT_SPEED, so a client's update lasts
  // about as long against the worker's own pace as it would in AWS (at 400, 1.1.0's two alarms take
  // 8 ms and every figure would be the worker's latency, not the plan's).
  await sandbox.control("/_sandbox/speed", { body: { speed: ROLLOUT_SPEED } });
  console.log(`prepared (${JSON.parse(ready.waves!).length} waves) in ${((Date.now() - t) / 1000).toFixed(0)} s`);
  const executesBefore = (await calls()).ExecuteChangeSet ?? 0;
  const started = Date.now();
  await approve();
  await waitFor(
    "the rollout",
    async () => ["FINISHED", "HALTED"].includes((await db.rollout.findUniqueOrThrow({ where: { id: ready.id } })).state),
    60 * 60_000,
    500,
  );
  const wall = (Date.now() - started) / 1000;
  const finished = await db.rollout.findUniqueOrThrow({ where: { id: ready.id } });
  const after = await calls();
  const requests = await db.changeRequest.findMany({
    where: { rolloutId: ready.id, state: "SUCCEEDED" },
    select: { id: true, clientId: true },
  });
  const ops = await db.operation.findMany({
    where: { requestId: { in: requests.map((r) => r.id) } },
    select: { clientId: true, startedAt: true, finishedAt: true },
  });
  const duration = new Map(ops.map((o) => [o.clientId, ((o.finishedAt ?? new Date()).getTime() - o.startedAt.getTime()) / 1000]));
  const waves = JSON.parse(finished.waves!) as Wave[];
  const bound = lowerBoundSeconds(waves, (id) => duration.get(id) ?? 0);
  const duplicates = (after.ExecuteChangeSet ?? 0) - executesBefore - requests.length;
  // Where the time went, per wave: a client's own update (its operation), the wait from its release
  // to its operation starting, and from its operation ending to the rollout recording it.
  const targets = await db.rolloutTarget.findMany({
    where: { rolloutId: ready.id },
    select: { clientId: true, wave: true, releasedAt: true, finishedAt: true },
  });
  const opOf = new Map(ops.map((o) => [o.clientId, o]));
  const mean = (xs: number[]) => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : 0);
  for (const [index, wave] of waves.entries()) {
    const members = targets.filter((t) => t.wave === index && t.releasedAt && t.finishedAt);
    const first = Math.min(...members.map((t) => t.releasedAt!.getTime()));
    const last = Math.max(...members.map((t) => t.finishedAt!.getTime()));
    const startDelay: number[] = [];
    const recordDelay: number[] = [];
    for (const t of members) {
      const op = opOf.get(t.clientId);
      if (op) startDelay.push(op.startedAt.getTime() - t.releasedAt!.getTime());
      if (op?.finishedAt) recordDelay.push(t.finishedAt!.getTime() - op.finishedAt.getTime());
    }
    console.log(
      `  wave ${index + 1}: ${members.length} clients, concurrency ${wave.maxConcurrency}: wall ${((last - first) / 1000).toFixed(1)} s, bound ${lowerBoundSeconds([wave], (id) => duration.get(id) ?? 0).toFixed(1)} s; per client: update ${mean(members.map((t) => duration.get(t.clientId) ?? 0)).toFixed(2)} s, release→start ${(mean(startDelay) / 1000).toFixed(2)} s, end→recorded ${(mean(recordDelay) / 1000).toFixed(2)} s`,
    );
  }
  console.log(`rollout ${finished.state.toLowerCase()}: ${requests.length} of ${CLIENTS} updated`);
  const left = await db.rolloutTarget.groupBy({
    by: ["state", "reason"],
    where: { rolloutId: ready.id, NOT: { state: "DONE", reason: null } },
    _count: true,
  });
  for (const l of left) console.log(`  ${l._count} ${l.state.toLowerCase()}: ${l.reason ?? "(no reason)"}`);

  // 2. Halting: fresh clients, a failure injected into wave 2 (the first production client).
  await sandbox.control("/_sandbox/speed", { body: { speed: LAUNCH_SPEED } });
  const owner2 = await person("ACCOUNT_MANAGER", "bench-am2@stackport.test");
  await launchFleet(owner2, HALT_CLIENTS, "Halt");
  const firstProduction = await db.client.findFirstOrThrow({
    where: { ownerId: owner2.id, environment: "production" },
    orderBy: { displayName: "asc" },
  });
  await sandbox.control("/_sandbox/faults", {
    body: { kind: "fail", stackName: firstProduction.stackName, logicalId: "LoadBalancer5xxRateAlarm", reason: "bench" },
  });
  const halt = await approvedRollout(owner2.id);
  await halt.approve();
  await waitFor(
    "the halt",
    async () => (await db.rollout.findUniqueOrThrow({ where: { id: halt.ready.id } })).state === "HALTED",
    30 * 60_000,
    500,
  );
  await new Promise((r) => setTimeout(r, 3000)); // passes after the halt must start nobody either
  const failed = await db.rolloutTarget.findFirstOrThrow({ where: { rolloutId: halt.ready.id, clientId: firstProduction.id } });
  const failedAt = failed.finishedAt ?? new Date(0);
  const startedAfter = await db.rolloutTarget.count({ where: { rolloutId: halt.ready.id, releasedAt: { gt: failedAt } } });
  const haltWaves = JSON.parse(halt.ready.waves!) as Wave[];
  const wave2 = haltWaves[failed.wave ?? 1];

  console.log(
    `\nbench:rollout — ${onPostgres ? "PostgreSQL" : "SQLite"}, one worker, sandbox speed ${LAUNCH_SPEED} (the rollout's updates at ${ROLLOUT_SPEED}), bake 0`,
  );
  console.log(
    `rollout: clients=${CLIENTS} waves=${waves.length} wall_s=${wall.toFixed(1)} bound_s=${bound.toFixed(1)} ratio=${(wall / bound).toFixed(2)} calls_per_client=${((total(after) - total(before)) / CLIENTS).toFixed(1)} duplicates=${duplicates}`,
  );
  console.log(`halt: started_after_failure=${startedAfter} concurrency=${wave2.maxConcurrency}`);
} finally {
  await worker.stop();
  await sandbox.stop();
  await db.$disconnect();
  if (onPostgres) {
    const pg = await import("pg");
    const client = new pg.default.Client({ connectionString: pgBase });
    await client.connect();
    await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    await client.end();
  }
}
