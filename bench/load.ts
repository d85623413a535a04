// `npm run bench:load`: two portal instances on one fresh PostgreSQL schema, each with its
// embedded worker, and the sandbox; the schema holds a fleet of 1,000 clients with history
// (`npm run seed:fleet`) besides the launched ones. 50 signed-in people (each its own account and
// session) load the dashboard, a launched client's page, the audit log, the fleet page and the
// clients list for 30 s over loopback,
// spread over both instances (autocannon, one connection per person, each answer's body
// checked for its page's content). Prints requests per second, latency percentiles, non-2xx
// responses and errors per page and overall against the targets (zero errors, p95 ≤ 200 ms);
// for scale, the same connections on /no-access, a page that reads no session and no data; then
// the signed-in shell (every person on their empty API tokens page: session, navigation, one
// query, what each page costs before its own work); then
// the first-load JavaScript of every route (gzip) from the production build (≤ 150 KB;
// `npm run bench:bundle` prints only that). Each page's p95 is also printed as a ratio to the floor's
// p95 from the same run, and the last line is `load: worst_ratio=R errors=E` (goal: R ≤ 2, E = 0).
// Then each page alone under the same number of connections: the CPU time one request costs the
// instances and PostgreSQL, as a ratio to the floor's (line `cost: …`), which the machine's other
// tenants move far less than they move a p95.
// The measured 30 s follow 15 s of the same load that are reported but not counted (a server just
// started is slower until V8 has optimised its hot code). Runs `next build` first when .next is
// missing or older than the sources. BENCH_USERS, BENCH_SECONDS and BENCH_WARMUP change the
// load; BENCH_FLEET sets the fleet's size (1000); BENCH_PAGES=client,audit loads only those pages; BENCH_PROFILE=1 keeps a CPU profile of
// each instance and each page's HTML.
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { mkdirSync, openSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import autocannon from "autocannon";
import pg from "pg";
import { startSandbox, type RunningSandbox } from "../sandbox/testing/spawn";
import { waitFor } from "../test/support/worker-process";
import { ensureBuild, printFirstLoadJs } from "./first-load-js";
import { SERVER_NODE_FLAGS } from "../scripts/server-node-flags.mjs";

const ROOT = path.resolve(import.meta.dirname, "..");
const USERS = Number(process.env.BENCH_USERS ?? 50);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 30);
const WARMUP = Number(process.env.BENCH_WARMUP ?? 15);
const CLIENTS = 6;
const FLEET = Number(process.env.BENCH_FLEET ?? 1_000);
const PORTS = [3200, 3201];
const TARGET_P95_MS = 200;
const PASSWORD = "bench-load-password-1";
const PG_BASE = process.env.BENCH_POSTGRES_URL ?? "postgresql://postgres@127.0.0.1:5432/test";
const run = `${Date.now().toString(36)}${process.pid.toString(36)}`;
const schema = `bench_load_${run}`;
const url = `${PG_BASE}?schema=${schema}`;
const logDir = path.join(ROOT, ".data", `bench-load-${run}`);
const secret = "bench-secret-bench-secret-bench-secret-0000";

// ── 1. Processes ─────────────────────────────────────────────────────────────────────────────
interface Portal {
  port: number;
  base: string;
  child: ChildProcess;
}
const portals: Portal[] = [];
let sandbox: RunningSandbox | undefined;

async function startPortal(port: number, endpoint: string): Promise<Portal> {
  const log = openSync(path.join(logDir, `portal-${port}.log`), "a");
  // BENCH_PROFILE=1 writes a V8 CPU profile per instance into the log folder (kept).
  const profile = process.env.BENCH_PROFILE ? ["--cpu-prof", "--cpu-prof-dir", logDir] : [];
  // The same Node flags as the container's entrypoint (scripts/server-node-flags.mjs).
  const child = spawn(
    process.execPath,
    [...SERVER_NODE_FLAGS, ...profile, path.join(ROOT, "node_modules/next/dist/bin/next"), "start", "-p", String(port), "-H", "127.0.0.1"],
    {
      cwd: ROOT,
      detached: true, // its own process group: stopping it reaches next-server too
      stdio: ["ignore", log, log],
      env: {
        ...process.env,
        NODE_ENV: "production",
        NEXT_TELEMETRY_DISABLED: "1",
        DATABASE_URL: url,
        NEXTAUTH_SECRET: secret,
        WEBHOOK_SECRET_KEY: "bench-webhook-key-bench-webhook-key-0123456789",
        NEXTAUTH_URL: `http://127.0.0.1:${port}`,
        CLOUDFORMATION_ENDPOINT: endpoint,
        AWS_ACCESS_KEY_ID: "sandbox",
        AWS_SECRET_ACCESS_KEY: "sandbox",
        WORKER: "embedded",
        WORKER_INTERVAL_MS: "500",
      },
    },
  );
  const portal = { port, base: `http://127.0.0.1:${port}`, child };
  portals.push(portal);
  await waitFor(
    `the portal on ${port}`,
    async () => {
      if (child.exitCode !== null) throw new Error(`the portal on ${port} exited; see ${logDir}`);
      return fetch(`${portal.base}/api/health`).then(
        (r) => r.ok,
        () => false,
      );
    },
    60_000,
    200,
  );
  return portal;
}

async function stopAll() {
  await Promise.all(
    portals.map(
      (p) =>
        new Promise<void>((resolve) => {
          if (p.child.exitCode !== null || p.child.signalCode !== null) return resolve();
          p.child.once("exit", () => resolve());
          try {
            process.kill(-p.child.pid!, "SIGTERM");
          } catch {
            resolve();
          }
          setTimeout(() => {
            try {
              process.kill(-p.child.pid!, "SIGKILL");
            } catch {
              // gone
            }
          }, 10_000).unref();
        }),
    ),
  );
  await sandbox?.stop();
}

// ── 2. Data: demo accounts, launched clients, one account per simulated person ──────────────
type Page = "dashboard" | "client" | "audit" | "fleet" | "clients";
const ALL_PAGES: Page[] = ["dashboard", "client", "audit", "fleet", "clients"];
// BENCH_PAGES=client (or a comma-separated list) puts the whole load on those pages, to study one.
const PAGES = process.env.BENCH_PAGES ? ALL_PAGES.filter((p) => process.env.BENCH_PAGES!.split(",").includes(p)) : ALL_PAGES;
if (!PAGES.length) throw new Error(`BENCH_PAGES names none of ${ALL_PAGES.join(", ")}`);
const ROLES = ["ACCOUNT_MANAGER", "ENGINEER", "AUDITOR", "ADMIN"] as const;
interface Person {
  email: string;
  page: Page;
  portal: number;
  cookie?: string;
}

async function seed(): Promise<{ people: Person[]; launched: () => Promise<{ slug: string; displayName: string }> }> {
  for (const args of [
    ["scripts/prisma.mjs", "migrate"],
    [path.join(ROOT, "node_modules/.bin/tsx"), "--conditions=react-server", "scripts/seed.ts"],
    // The fleet: what the fleet page charts and the clients list pages through.
    [
      path.join(ROOT, "node_modules/.bin/tsx"),
      "--conditions=react-server",
      "scripts/seed-fleet.ts",
      "--clients",
      String(FLEET),
      "--skip-migrate",
    ],
  ]) {
    const command = args[0].endsWith("tsx") ? args.shift()! : process.execPath;
    const r = spawnSync(command, args, { cwd: ROOT, env: { ...process.env, DATABASE_URL: url }, encoding: "utf8" });
    if (r.status !== 0) throw new Error(`preparing ${url} failed:\n${r.stdout}${r.stderr}`);
  }
  process.env.DATABASE_URL = url;
  process.env.NEXTAUTH_SECRET = secret;
  const { db } = await import("../lib/db");
  const { onboardClient } = await import("../lib/changes/onboard-client");
  const { approveRequest } = await import("../lib/changes/decide");
  const { hashPassword } = await import("../lib/auth/password");
  const { appendAudit } = await import("../lib/audit/append");
  const asSession = (u: { id: string; email: string; name: string; role: string }) => ({
    id: u.id,
    email: u.email,
    name: u.name,
    role: u.role as (typeof ROLES)[number],
  });
  const am = asSession(await db.user.findUniqueOrThrow({ where: { email: "am@stackport.test" } }));
  const eng = asSession(await db.user.findUniqueOrThrow({ where: { email: "eng@stackport.test" } }));
  const admin = asSession(await db.user.findUniqueOrThrow({ where: { email: "admin@stackport.test" } }));

  // Real launches through the portals' workers and the sandbox: the client page shows real events.
  const names = Array.from({ length: CLIENTS }, (_, i) => `Bench Client ${i + 1}`);
  for (const [i, displayName] of names.entries()) {
    const r = await onboardClient(am, {
      displayName,
      environment: i % 2 ? "production" : "staging",
      region: "us-east-1",
      blueprintId: "stateless-web",
      sizeId: "medium",
    });
    await approveRequest(eng, { requestId: r.id, version: r.version });
  }

  // One account per person, created as an administrator would (with its audit entry); the page
  // decides the role (the audit log needs an auditor or admin). One bcrypt hash serves them all.
  const passwordHash = await hashPassword(PASSWORD);
  const people: Person[] = [];
  for (let i = 0; i < USERS; i++) {
    const page = PAGES[i % PAGES.length];
    // The audit log needs an auditor or admin, the fleet page anyone but an account manager.
    const role =
      page === "audit"
        ? i % 2
          ? "ADMIN"
          : "AUDITOR"
        : page === "fleet"
          ? ROLES[1 + (Math.floor(i / PAGES.length) % 3)]
          : ROLES[Math.floor(i / PAGES.length) % ROLES.length];
    const email = `bench-${i}@stackport.test`;
    await db.$transaction(async (tx) => {
      const user = await tx.user.create({ data: { email, name: `Bench Person ${i}`, role, passwordHash } });
      await appendAudit(tx, {
        actor: { id: admin.id, label: admin.email },
        action: "user.create",
        entityType: "User",
        entityId: user.id,
        after: { email, name: user.name, role, method: "password" },
      });
    });
    people.push({ email, page, portal: PORTS[i % PORTS.length] });
  }
  const bench = { displayName: { startsWith: "Bench Client" } };
  const launched = async () => {
    await waitFor(
      "the launches",
      async () => (await db.changeRequest.count({ where: { state: { in: ["SUCCEEDED", "FAILED"] }, client: bench } })) === CLIENTS,
      180_000,
      500,
    );
    const client = await db.client.findFirstOrThrow({ where: { displayName: names[1] } });
    const events = await db.stackEvent.count({ where: { clientId: client.id } });
    const audit = await db.auditEntry.count();
    console.log(
      `  ${CLIENTS} clients launched (${await db.changeRequest.count({ where: { state: "SUCCEEDED", client: bench } })} succeeded), ${await db.client.count()} clients in all; "${client.displayName}" has ${events} stack events; ${audit} audit entries`,
    );
    await db.$disconnect();
    return { slug: client.slug, displayName: client.displayName };
  };
  return { people, launched };
}

/** next-auth's credentials flow: a CSRF token, then the form post; returns the session cookie. */
async function signIn(base: string, email: string): Promise<string> {
  const cookieOf = (res: Response, name: string) =>
    res.headers
      .getSetCookie()
      .map((c) => c.split(";")[0])
      .find((c) => c.startsWith(`${name}=`));
  const csrf = await fetch(`${base}/api/auth/csrf`);
  const { csrfToken } = (await csrf.json()) as { csrfToken: string };
  const res = await fetch(`${base}/api/auth/callback/credentials`, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded", cookie: cookieOf(csrf, "next-auth.csrf-token")! },
    body: new URLSearchParams({ csrfToken, email, password: PASSWORD, callbackUrl: "/", json: "true" }),
    redirect: "manual",
  });
  const session = cookieOf(res, "next-auth.session-token");
  if (!session) throw new Error(`sign-in of ${email} on ${base} failed (${res.status})`);
  return session;
}

// ── 3. Load ─────────────────────────────────────────────────────────────────────────────────
const percentile = (sorted: number[], p: number) =>
  sorted.length ? sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] : NaN;

/** One load's figures from autocannon's results and the latencies seen: errors are connection errors, timeouts and answers without the page's content. */
function tally(rs: autocannon.Result[], ms: number[], seconds: number) {
  const sorted = [...ms].sort((a, b) => a - b);
  const sum = (f: (r: autocannon.Result) => number) => rs.reduce((t, r) => t + f(r), 0);
  return {
    rps: sum((r) => r.requests.total) / seconds,
    p50: percentile(sorted, 50),
    p95: percentile(sorted, 95),
    p99: percentile(sorted, 99),
    errors: sum((r) => r.errors + r.timeouts + r.mismatches),
    non2xx: sum((r) => r.non2xx),
  };
}

/** autocannon on one instance and path, one connection per person with their session; each body must contain `marker`. */
function signedInLoad(port: number, pathname: string, people: Person[], seconds: number, marker: string, onLatency: (ms: number) => void) {
  return new Promise<autocannon.Result>((resolve, reject) => {
    let next = 0;
    const instance = autocannon(
      {
        url: `http://127.0.0.1:${port}${pathname}`,
        connections: people.length,
        duration: seconds,
        // Each connection is one person with their own session.
        setupClient: (client) => client.setHeaders({ cookie: people[next++ % people.length].cookie!, accept: "text/html" }),
        verifyBody: (body) => String(body ?? "").includes(marker),
      },
      (error, result) => (error ? reject(error) : resolve(result)),
    );
    instance.on("response", (_client, _status, _bytes, ms) => onLatency(ms));
  });
}

async function load(paths: Record<Page, string>, markers: Record<Page, string>, people: Person[], seconds: number) {
  const latencies: Record<Page, number[]> = { dashboard: [], client: [], audit: [], fleet: [], clients: [] };
  const groups = PAGES.flatMap((page) =>
    PORTS.map((port) => ({ page, port, people: people.filter((p) => p.page === page && p.portal === port) })),
  ).filter((g) => g.people.length);
  const results = await Promise.all(
    groups.map(async (g) => ({
      page: g.page,
      result: await signedInLoad(g.port, paths[g.page], g.people, seconds, markers[g.page], (ms) => latencies[g.page].push(ms)),
    })),
  );
  return { latencies, results };
}

/** A process's CPU time so far (user + system, ms), or null where /proc is missing. */
function cpuMs(pid: number): number | null {
  const fields = procStat(pid);
  // Fields 14 and 15 of /proc/<pid>/stat (utime, stime), in clock ticks (100 per second on Linux).
  return fields ? (Number(fields[11]) + Number(fields[12])) * 10 : null;
}

/** /proc/<pid>/stat's fields after the command name (field 3 first), or null when the process is gone or /proc is missing. */
function procStat(pid: number | string): string[] | null {
  try {
    // The command name (field 2) may hold spaces, so count from its closing parenthesis.
    return readFileSync(`/proc/${pid}/stat`, "utf8").split(")").pop()!.trim().split(" ");
  } catch {
    return null;
  }
}

/** A process's command name (/proc/<pid>/comm), or null when it is gone. */
function procName(pid: number | string): string | null {
  try {
    return readFileSync(`/proc/${pid}/comm`, "utf8").trim();
  } catch {
    return null;
  }
}

/**
 * PostgreSQL's CPU time so far (ms), or null when it does not run here: every live postgres
 * process's own time, plus what the postmaster has reaped from backends that ended (a pooled
 * connection closed while idle takes its CPU time with it otherwise).
 */
function postgresCpuMs(): number | null {
  let total = 0;
  let found = false;
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    if (procName(entry) !== "postgres") continue;
    const stat = procStat(entry);
    if (!stat) continue;
    found = true;
    // utime, stime, then cutime and cstime (children waited for), in ticks; the parent's pid is field 4.
    let ticks = Number(stat[11]) + Number(stat[12]);
    if (procName(stat[1]) !== "postgres") ticks += Number(stat[13]) + Number(stat[14]);
    total += ticks * 10;
  }
  return found ? total : null;
}

/**
 * What one request of a page costs the machine under load: the page alone on both instances, 3 s
 * of warm-up, then the instances' CPU time and PostgreSQL's over the requests served. A p95
 * queues behind whatever else the machine runs meanwhile; CPU time per request moves far less.
 */
async function costUnderLoad(run: (seconds: number) => Promise<{ requests: number; errors: number }>, seconds: number) {
  const warm = await run(3);
  const instances = () => portals.reduce((t, p) => t + (cpuMs(p.child.pid!) ?? NaN), 0);
  const [portalBefore, pgBefore] = [instances(), postgresCpuMs()];
  const { requests, errors } = await run(seconds);
  const pgAfter = postgresCpuMs();
  return {
    rps: requests / seconds,
    portal: (instances() - portalBefore) / requests,
    postgres: pgBefore === null || pgAfter === null ? null : (pgAfter - pgBefore) / requests,
    errors: warm.errors + errors,
  };
}

/** Anonymous load on one path, the connections split over both instances. */
async function floorLoad(pathname: string, connections: number, seconds: number) {
  const ms: number[] = [];
  const results = await Promise.all(
    PORTS.map(
      (port, i) =>
        new Promise<autocannon.Result>((resolve, reject) => {
          const share = Math.floor(connections / PORTS.length) + (i < connections % PORTS.length ? 1 : 0);
          const instance = autocannon(
            { url: `http://127.0.0.1:${port}${pathname}`, connections: share, duration: seconds, headers: { accept: "text/html" } },
            (error, result) => (error ? reject(error) : resolve(result)),
          );
          instance.on("response", (_client, _status, _bytes, latency) => ms.push(latency));
        }),
    ),
  );
  const t = tally(results, ms, seconds);
  return { ...t, errors: t.errors + t.non2xx };
}

/**
 * The signed-in shell: every person on their own API tokens page (they have none), the smallest
 * page a signed-in person can load. It costs what every page costs before its own work (the session
 * cookie checked, the person read, the navigation drawn) plus one indexed query and an empty state.
 */
const SHELL_PATH = "/tokens";
const SHELL_MARKER = "Your API tokens";
async function shellLoad(people: Person[], seconds: number) {
  const ms: number[] = [];
  const results = await Promise.all(
    PORTS.map((port) =>
      signedInLoad(
        port,
        SHELL_PATH,
        people.filter((p) => p.portal === port),
        seconds,
        SHELL_MARKER,
        (latency) => ms.push(latency),
      ),
    ),
  );
  const t = tally(results, ms, seconds);
  return { ...t, errors: t.errors + t.non2xx };
}

// ── main ────────────────────────────────────────────────────────────────────────────────────
async function dropSchema() {
  const c = new pg.Client({ connectionString: PG_BASE });
  await c.connect();
  await c.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
  await c.end();
}

let failed = false;
try {
  mkdirSync(logDir, { recursive: true });
  ensureBuild();
  console.log(
    `bench:load — ${USERS} signed-in people (each asking again as soon as a page arrives), ${SECONDS} s, two instances (${PORTS.join(", ")}) on PostgreSQL schema ${schema}`,
  );
  sandbox = await startSandbox({ speed: 400 });
  // Migrated and seeded before the portals start; their workers then launch the approved clients.
  const { people, launched } = await seed();
  await Promise.all(PORTS.map((p) => startPortal(p, sandbox!.endpoint)));
  // Each person signs in on one instance and is then served by the other: sessions are stateless.
  // Four at a time: each instance checks at most SIGNIN_MAX_CONCURRENT_CHECKS (4) passwords at once and answers 429 beyond.
  for (let i = 0; i < people.length; i += 4)
    await Promise.all(
      people.slice(i, i + 4).map(async (p) => (p.cookie = await signIn(`http://127.0.0.1:${PORTS.find((x) => x !== p.portal)}`, p.email))),
    );
  const { slug, displayName } = await launched();
  const paths: Record<Page, string> = { dashboard: "/", client: `/clients/${slug}`, audit: "/audit", fleet: "/fleet", clients: "/clients" };
  const markers: Record<Page, string> = {
    dashboard: "Welcome, Bench",
    client: displayName,
    audit: "Audit log",
    // The chart drawn, and the list's first page reaching into the fleet.
    fleet: 'data-testid="fleet-chart"',
    clients: "Fleet Client 0001",
  };
  // Warm-up and check: every person gets their page (status 200 and its content) once.
  await Promise.all(
    people.map(async (p) => {
      const res = await fetch(`http://127.0.0.1:${p.portal}${paths[p.page]}`, { headers: { cookie: p.cookie! }, redirect: "manual" });
      const body = await res.text();
      if (res.status !== 200 || !body.includes(markers[p.page]))
        throw new Error(`${p.email} on ${p.portal}${paths[p.page]}: ${res.status}, page content missing`);
    }),
  );

  // The shell page answers too (see shellLoad).
  {
    const p = people[0];
    const res = await fetch(`http://127.0.0.1:${p.portal}${SHELL_PATH}`, { headers: { cookie: p.cookie! }, redirect: "manual" });
    const body = await res.text();
    if (res.status !== 200 || !body.includes(SHELL_MARKER))
      throw new Error(`${p.email} on ${p.portal}${SHELL_PATH}: ${res.status}, page content missing`);
  }

  // Service time without contention: one person, one request at a time, and the CPU time the
  // instance spent per page (its process's user + system time, from /proc; "–" elsewhere).
  console.log(`\n  ${"one request at a time".padEnd(22)} ${"p50 ms".padStart(7)} ${"CPU ms".padStart(7)} ${"bytes".padStart(8)}`);
  for (const page of PAGES) {
    const p = people.find((x) => x.page === page)!;
    const pid = portals.find((x) => x.port === p.portal)!.child.pid!;
    const times: number[] = [];
    let bytes = 0;
    const rounds = 40;
    const cpuBefore = cpuMs(pid);
    for (let i = 0; i < rounds; i++) {
      const started = performance.now();
      const body = await (
        await fetch(`http://127.0.0.1:${p.portal}${paths[page]}`, { headers: { cookie: p.cookie!, "accept-encoding": "identity" } })
      ).arrayBuffer();
      times.push(performance.now() - started);
      bytes = body.byteLength;
      if (i === 0 && process.env.BENCH_PROFILE) writeFileSync(path.join(logDir, `${page}.html`), Buffer.from(body));
    }
    const cpu = cpuBefore === null ? null : (cpuMs(pid)! - cpuBefore) / rounds;
    console.log(
      `  ${page.padEnd(22)} ${percentile(
        times.sort((a, b) => a - b),
        50,
      )
        .toFixed(0)
        .padStart(7)} ${(cpu === null ? "–" : cpu.toFixed(1)).padStart(7)} ${String(bytes).padStart(8)}`,
    );
  }

  // Steady state, as a server that has been up a while: the same load first runs for WARMUP
  // seconds, not counted (V8 optimises the hot code in the first tens of seconds under load).
  let warmupErrors = 0;
  if (WARMUP > 0) {
    const warm = await load(paths, markers, people, WARMUP);
    const t = tally(
      warm.results.map((r) => r.result),
      PAGES.flatMap((p) => warm.latencies[p]),
      WARMUP,
    );
    warmupErrors = t.errors + t.non2xx;
    console.log(
      `\n  warm-up, not counted: ${WARMUP} s of the same load, ${t.rps.toFixed(1)} req/s, p50 ${t.p50.toFixed(0)} ms, p95 ${t.p95.toFixed(0)} ms, ${warmupErrors} errors or non-2xx`,
    );
  }
  const { latencies, results } = await load(paths, markers, people, SECONDS);
  const measured: { label: string; p95: number; errors: number }[] = [];
  const row = (label: string, rs: autocannon.Result[], ms: number[]) => {
    const { rps, p50, p95, p99, errors, non2xx } = tally(rs, ms, SECONDS);
    const ok = errors === 0 && non2xx === 0 && p95 <= TARGET_P95_MS;
    console.log(
      `  ${label.padEnd(22)} ${rps.toFixed(1).padStart(7)} ${p50.toFixed(0).padStart(6)} ${p95.toFixed(0).padStart(6)} ${p99.toFixed(0).padStart(6)} ${String(non2xx).padStart(8)} ${String(errors).padStart(7)}   ${ok ? "✔" : "✖"}`,
    );
    measured.push({ label, p95, errors: errors + non2xx });
    return ok;
  };
  console.log(
    `\n  ${"page".padEnd(22)} ${"req/s".padStart(7)} ${"p50 ms".padStart(6)} ${"p95 ms".padStart(6)} ${"p99 ms".padStart(6)} ${"non-2xx".padStart(8)} ${"errors".padStart(7)}   target: 0 errors, p95 ≤ ${TARGET_P95_MS} ms`,
  );
  let met = true;
  for (const page of PAGES)
    met =
      row(
        `${page} ${paths[page].length > 14 ? paths[page].slice(0, 13) + "…" : paths[page]}`,
        results.filter((r) => r.page === page).map((r) => r.result),
        latencies[page],
      ) && met;
  met =
    row(
      "overall",
      results.map((r) => r.result),
      PAGES.flatMap((p) => latencies[p]),
    ) && met;
  console.log(
    `  (errors: connection errors, timeouts and answers without the page's content; ${people.length} sessions, one connection each)`,
  );
  // Zero errors holds for the warm-up too: only its latencies are left out.
  if (warmupErrors) met = false;
  console.log(
    met ? "  load targets met" : `  load targets NOT met${warmupErrors ? ` (${warmupErrors} errors or non-2xx during the warm-up)` : ""}`,
  );

  // For scale: the same number of connections on a page that reads no session and no data (the
  // framework's own cost per page on this machine: proxy, layout, rendering, streaming).
  await floorLoad("/no-access", people.length, 3); // warm-up: the pages above were warmed too
  const floor = await floorLoad("/no-access", people.length, Math.min(SECONDS, 10));
  console.log(
    `  floor: /no-access (no session, no database), ${people.length} connections, ${Math.min(SECONDS, 10)} s: ${floor.rps.toFixed(1)} req/s, p50 ${floor.p50.toFixed(0)} ms, p95 ${floor.p95.toFixed(0)} ms, ${floor.errors} errors`,
  );

  // What a page costs before its own work: the floor plus the session and the navigation.
  await shellLoad(people, 3);
  const shell = await shellLoad(people, Math.min(SECONDS, 10));
  console.log(
    `  shell: ${SHELL_PATH}, signed in (session, navigation, one query, an empty list), ${people.length} connections, ${Math.min(SECONDS, 10)} s: ${shell.rps.toFixed(1)} req/s, p50 ${shell.p50.toFixed(0)} ms, p95 ${shell.p95.toFixed(0)} ms, ${shell.errors} errors`,
  );

  // Ratios to the floor measured in this run: comparable across runs on a shared, noisy machine.
  console.log(`\n  ${"p95 as a ratio to".padEnd(30)} ${"floor".padStart(6)} ${"shell".padStart(6)}`);
  for (const m of [...measured, { label: `shell ${SHELL_PATH}`, p95: shell.p95, errors: shell.errors }])
    console.log(`  ${m.label.padEnd(30)} ${(m.p95 / floor.p95).toFixed(2).padStart(6)} ${(m.p95 / shell.p95).toFixed(2).padStart(6)}`);
  const pages = measured.filter((m) => m.label !== "overall");
  const worst = Math.max(...pages.map((m) => m.p95 / floor.p95));
  const errorCount = pages.reduce((sum, m) => sum + m.errors, 0) + warmupErrors + floor.errors + shell.errors;
  console.log(
    `shell: ratio_to_floor=${(shell.p95 / floor.p95).toFixed(2)} worst_page_to_shell=${Math.max(...pages.map((m) => m.p95 / shell.p95)).toFixed(2)}`,
  );

  // CPU per request, each page alone under the same load (see costUnderLoad).
  const costSeconds = Math.min(SECONDS, 8);
  const costs: { label: string; rps: number; portal: number; postgres: number | null; errors: number }[] = [
    {
      label: "floor /no-access",
      ...(await costUnderLoad(async (sec) => {
        const r = await floorLoad("/no-access", people.length, sec);
        return { requests: r.rps * sec, errors: r.errors };
      }, costSeconds)),
    },
    {
      label: `shell ${SHELL_PATH}`,
      ...(await costUnderLoad(async (sec) => {
        const r = await shellLoad(people, sec);
        return { requests: r.rps * sec, errors: r.errors };
      }, costSeconds)),
    },
  ];
  for (const page of PAGES) {
    // As many connections as the floor's, each one of the page's people (sessions work on either instance).
    const own = people.filter((p) => p.page === page);
    const share = Array.from({ length: Math.ceil(people.length / PORTS.length) }, (_, i) => own[i % own.length]);
    const cost = await costUnderLoad(async (sec) => {
      const rs = await Promise.all(PORTS.map((port) => signedInLoad(port, paths[page], share, sec, markers[page], () => {})));
      const t = tally(rs, [], sec);
      return { requests: t.rps * sec, errors: t.errors + t.non2xx };
    }, costSeconds);
    costs.push({ label: `${page} ${paths[page].length > 14 ? paths[page].slice(0, 13) + "…" : paths[page]}`, ...cost });
  }
  const total = (c: (typeof costs)[number]) => c.portal + (c.postgres ?? 0);
  console.log(
    `\n  ${"CPU ms per request, alone".padEnd(26)} ${"req/s".padStart(7)} ${"portal".padStart(7)} ${"postgres".padStart(9)} ${"total".padStart(7)} ${"× floor".padStart(8)}   (${costSeconds} s each after 3 s, ${people.length} connections)`,
  );
  for (const c of costs)
    console.log(
      `  ${c.label.padEnd(26)} ${c.rps.toFixed(1).padStart(7)} ${c.portal.toFixed(1).padStart(7)} ${(c.postgres === null ? "–" : c.postgres.toFixed(1)).padStart(9)} ${total(c).toFixed(1).padStart(7)} ${(total(c) / total(costs[0])).toFixed(2).padStart(8)}`,
    );
  const pageCosts = costs.slice(2);
  console.log(
    `cost: floor_ms=${total(costs[0]).toFixed(1)} shell_ratio=${(total(costs[1]) / total(costs[0])).toFixed(2)} worst_ratio=${Math.max(...pageCosts.map((c) => total(c) / total(costs[0]))).toFixed(2)} errors=${costs.reduce((t, c) => t + c.errors, 0)}`,
  );

  printFirstLoadJs();
  console.log(`load: worst_ratio=${worst.toFixed(2)} errors=${errorCount}`);
} catch (error) {
  failed = true;
  console.error(`bench:load failed: ${error instanceof Error ? error.message : String(error)} (portal logs in ${logDir})`);
} finally {
  await stopAll();
  await dropSchema().catch((e) => console.error(`dropping ${schema}: ${e.message}`));
  if (!failed && !process.env.BENCH_PROFILE) rmSync(logDir, { recursive: true, force: true });
}
process.exit(failed ? 1 : 0);
