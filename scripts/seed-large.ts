// `npm run seed:large`: a large database for the audit benchmarks — 10,000 clients and
// 1,000,000 change-log entries with a valid hash chain, continued from the current head.
//   DATABASE_URL=file:./.data/large.db (the default) npm run seed:large [-- --entries N --clients N --force]
// Runs the migrations first. Refuses the demo database (and PostgreSQL's public schema)
// unless --force: the entries are synthetic and the log is append-only, so they could
// never be removed again.
import { execFileSync } from "node:child_process";
import path from "node:path";
import Database from "better-sqlite3";
import { createDb, type Db } from "../lib/db/client";
import { seedDemoUsers } from "../lib/auth/demo-users";
import { ENTRY_COLUMNS } from "../lib/audit/chain-format";
import { entryHash, type AuditContent } from "../lib/audit/hash";
import { databaseTarget } from "../lib/db/target.mjs";

const LARGE_DATABASE_URL = "file:./.data/large.db";
const BATCH = 2_000; // rows per PostgreSQL INSERT: 26,000 parameters, under its limit of 65,535
const PER_TRANSACTION = 50_000;

const args = process.argv.slice(2);
const option = (name: string, fallback: number) => {
  const i = args.indexOf(`--${name}`);
  const value = i >= 0 ? Number(args[i + 1]) : fallback;
  if (!Number.isInteger(value) || value < 0) throw new Error(`--${name} needs a whole number`);
  return value;
};
const force = args.includes("--force");
const entryCount = option("entries", 1_000_000);
const clientCount = option("clients", 10_000);
const url = process.env.DATABASE_URL || LARGE_DATABASE_URL;
const target = databaseTarget(url);

const looksLikeDemo = target.provider === "sqlite" ? path.basename(target.file) === "stackport.db" : target.schema === "public";
if (looksLikeDemo && !force) {
  console.error(
    `Refusing to add ${entryCount.toLocaleString("en-US")} synthetic entries to ${target.provider === "sqlite" ? target.file : `schema "${target.schema}"`}, which looks like the demo or a real database.`,
  );
  console.error(`Use DATABASE_URL=${LARGE_DATABASE_URL} (the default), or pass --force.`);
  process.exit(2);
}

// A small fast PRNG (mulberry32), seeded from the clock so that a second run never repeats the ids of the first.
let state = Date.now() | 0;
const random = () => {
  state = (state + 0x6d2b79f5) | 0;
  let t = Math.imul(state ^ (state >>> 15), 1 | state);
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
};
const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)];
const pad = (n: number, width = 5) => String(n).padStart(width, "0");
const id = (prefix: string) =>
  `${prefix}${Math.floor(random() * 36 ** 8)
    .toString(36)
    .padStart(8, "0")}${Math.floor(random() * 36 ** 8)
    .toString(36)
    .padStart(8, "0")}`;

const SIZES = ["small", "medium", "large", "enterprise"] as const;
const STATUSES = ["ACTIVE", "PROVISIONING", "DEGRADED", "ACTIVE", "ACTIVE"] as const;
const REASONS = [
  "Black Friday traffic",
  'Client asked for "more headroom", again',
  "Cost review, Q3\nsee ticket OPS-1234",
  "Routine re-apply",
];

interface Actor {
  id: string;
  email: string;
  role: string;
}
interface Client {
  id: string;
  slug: string;
}

async function ensurePeople(db: Db): Promise<{ owner: Actor; managers: Actor[]; engineers: Actor[] }> {
  const people: Actor[] = [];
  const wanted = [
    { email: "large-owner@stackport.test", role: "ACCOUNT_MANAGER" },
    ...Array.from({ length: 9 }, (_, i) => ({ email: `large-am${i + 1}@stackport.test`, role: "ACCOUNT_MANAGER" })),
    ...Array.from({ length: 10 }, (_, i) => ({ email: `large-eng${i + 1}@stackport.test`, role: "ENGINEER" })),
  ];
  for (const w of wanted) {
    // No password: these accounts exist only as actors in the synthetic history.
    const user = await db.user.upsert({
      where: { email: w.email },
      update: {},
      create: { email: w.email, name: w.email.split("@")[0], role: w.role },
    });
    people.push({ id: user.id, email: user.email, role: user.role });
  }
  return {
    owner: people[0],
    managers: people.filter((p) => p.role === "ACCOUNT_MANAGER"),
    engineers: people.filter((p) => p.role === "ENGINEER"),
  };
}

async function ensureClients(db: Db, ownerId: string): Promise<Client[]> {
  const existing = await db.client.findMany({ where: { slug: { startsWith: "large-client-" } }, select: { id: true, slug: true } });
  const have = new Set(existing.map((c) => c.slug));
  const missing = Array.from({ length: clientCount }, (_, i) => `large-client-${pad(i + 1)}`).filter((slug) => !have.has(slug));
  for (let i = 0; i < missing.length; i += 1_000) {
    const rows = missing.slice(i, i + 1_000).map((slug) => {
      const environment = random() < 0.3 ? "staging" : "production";
      return {
        id: id("cl"),
        slug,
        displayName: `Large Client ${slug.slice(-5)}`,
        blueprintId: "stateless-web",
        sizeId: pick(SIZES),
        environment,
        region: pick(["us-east-1", "eu-west-1", "ap-southeast-2"]),
        ownerId,
        status: "ACTIVE",
        stackName: `${slug}-stateless-web-${environment}`,
      };
    });
    await db.client.createMany({ data: rows });
  }
  return db.client.findMany({
    where: { slug: { startsWith: "large-client-" } },
    select: { id: true, slug: true },
    orderBy: { slug: "asc" },
  });
}

type Draft = Omit<AuditContent, "seq" | "at">;

/** One synthetic entry, in roughly the mix a busy portal would write. */
function draft(people: Awaited<ReturnType<typeof ensurePeople>>, clients: Client[]): Draft {
  const r = random();
  const client = pick(clients);
  const am = pick(people.managers);
  const eng = pick(people.engineers);
  const request = id("cr");
  const base = {
    requestId: id("rq"),
    entityId: null as string | null,
    clientId: null as string | null,
    before: null as string | null,
    after: null as string | null,
  };
  if (r < 0.3) {
    const who = random() < 0.5 ? am : eng;
    return {
      ...base,
      actorId: who.id,
      actorLabel: who.email,
      action: "user.signin",
      entityType: "User",
      entityId: who.id,
      after: `{"method":"password"}`,
    };
  }
  if (r < 0.35) {
    const email = random() < 0.5 ? am.email : `unknown${Math.floor(random() * 500)}@example.com`;
    return {
      ...base,
      actorId: null,
      actorLabel: email,
      action: "user.signin_failed",
      entityType: "User",
      after: JSON.stringify({
        address: `10.0.${Math.floor(random() * 255)}.${Math.floor(random() * 255)}`,
        method: "password",
        reason: "wrong password",
      }),
    };
  }
  if (r < 0.5) {
    const from = pick(SIZES);
    const to = pick(SIZES);
    return {
      ...base,
      actorId: am.id,
      actorLabel: am.email,
      action: "request.create",
      entityType: "ChangeRequest",
      entityId: request,
      clientId: client.id,
      after: JSON.stringify({ fromSizeId: from, kind: "RESIZE", reason: pick(REASONS), state: "PENDING", toSizeId: to }),
    };
  }
  if (r < 0.6) {
    return {
      ...base,
      actorId: eng.id,
      actorLabel: eng.email,
      action: "request.approve",
      entityType: "ChangeRequest",
      entityId: request,
      clientId: client.id,
      before: `{"approvals":0,"state":"PENDING"}`,
      after: `{"approvals":1,"required":1,"state":"APPROVED"}`,
    };
  }
  if (r < 0.62) {
    return {
      ...base,
      actorId: eng.id,
      actorLabel: eng.email,
      action: "request.reject",
      entityType: "ChangeRequest",
      entityId: request,
      clientId: client.id,
      before: `{"state":"PENDING"}`,
      after: JSON.stringify({ reason: pick(REASONS), state: "REJECTED" }),
    };
  }
  const [from, to] = [pick(STATUSES), pick(STATUSES)];
  return {
    ...base,
    actorId: null,
    actorLabel: "tracker",
    action: "stack.status",
    entityType: "Client",
    entityId: client.id,
    clientId: client.id,
    requestId: null,
    before: JSON.stringify({ status: from }),
    after: JSON.stringify({ status: to }),
  };
}

const COLUMNS = ENTRY_COLUMNS;
type Row = (string | number | null)[];

/**
 * Writes rows and moves the head in one transaction per call. Prisma costs about 40 µs a row
 * even for raw multi-row INSERTs, so SQLite goes straight through better-sqlite3 (about 2 µs),
 * storing `at` in the same text form the Prisma adapter writes and reads back.
 */
interface Writer {
  write(rows: Row[], head: { seq: number; lastHash: string }): Promise<void>;
  close(): Promise<void>;
}

function sqliteWriter(file: string): Writer {
  const conn = new Database(file, { timeout: 10_000 });
  const insert = conn.prepare(
    `INSERT INTO "AuditEntry" (${COLUMNS.map((c) => `"${c}"`).join(", ")}) VALUES (${COLUMNS.map(() => "?").join(", ")})`,
  );
  const moveHead = conn.prepare(`UPDATE "AuditHead" SET "seq" = ?, "lastHash" = ? WHERE "id" = 1`);
  const writeAll = conn.transaction((rows: Row[], head: { seq: number; lastHash: string }) => {
    for (const row of rows) insert.run(row);
    moveHead.run(head.seq, head.lastHash);
  });
  return { write: async (rows, head) => writeAll(rows, head), close: async () => void conn.close() };
}

function prismaWriter(db: Db): Writer {
  return {
    async write(rows, head) {
      await db.$transaction(
        async (tx) => {
          for (let i = 0; i < rows.length; i += BATCH) {
            const batch = rows.slice(i, i + BATCH);
            const values = batch.map(
              (_, r) => `(${COLUMNS.map((c, k) => `$${r * COLUMNS.length + k + 1}${c === "at" ? "::timestamp" : ""}`).join(", ")})`,
            );
            await tx.$executeRawUnsafe(
              `INSERT INTO "AuditEntry" (${COLUMNS.map((c) => `"${c}"`).join(", ")}) VALUES ${values.join(", ")}`,
              ...batch.flat(),
            );
          }
          await tx.auditHead.update({ where: { id: 1 }, data: head });
        },
        { timeout: 600_000 },
      );
    },
    close: async () => {},
  };
}

async function appendSynthetic(db: Db, writer: Writer, people: Awaited<ReturnType<typeof ensurePeople>>, clients: Client[]) {
  const head = await db.auditHead.findUniqueOrThrow({ where: { id: 1 } });
  const last = head.seq > 0 ? await db.auditEntry.findUnique({ where: { seq: head.seq }, select: { at: true } }) : null;
  // Timestamps never go backwards along the chain (the log browser's date filter relies on it):
  // spread the new entries over the last year, or from the newest entry if that is later.
  const now = Date.now() - 60_000;
  const start = Math.max(now - 365 * 24 * 3600 * 1000, last?.at.getTime() ?? 0);
  const end = Math.max(now, start);
  const storedAt = (iso: string) => (target.provider === "sqlite" ? iso.replace("Z", "+00:00") : iso);
  let seq = head.seq;
  let prevHash = head.lastHash;
  const started = performance.now();
  for (let done = 0; done < entryCount;) {
    const rows: Row[] = [];
    for (let i = 0; i < Math.min(PER_TRANSACTION, entryCount - done); i++) {
      seq += 1;
      const at = new Date(start + Math.floor(((done + i) * (end - start)) / entryCount)).toISOString();
      const content: AuditContent = { seq, at, ...draft(people, clients) };
      const hash = entryHash(prevHash, content);
      rows.push(COLUMNS.map((c) => (c === "at" ? storedAt(at) : c === "prevHash" ? prevHash : c === "hash" ? hash : (content[c] ?? null))));
      prevHash = hash;
    }
    await writer.write(rows, { seq, lastHash: prevHash });
    done += rows.length;
    const seconds = (performance.now() - started) / 1000;
    process.stdout.write(`\r  ${done.toLocaleString("en-US")} / ${entryCount.toLocaleString("en-US")} entries (${seconds.toFixed(1)} s)`);
  }
  process.stdout.write("\n");
  return seq;
}

const started = performance.now();
execFileSync(process.execPath, [path.join(import.meta.dirname, "prisma.mjs"), "migrate"], {
  stdio: "pipe",
  env: { ...process.env, DATABASE_URL: url },
});
const { db } = createDb(url);
try {
  const people = await ensurePeople(db);
  const clients = await ensureClients(db, people.owner.id);
  console.log(`${clients.length.toLocaleString("en-US")} clients; appending ${entryCount.toLocaleString("en-US")} entries…`);
  const writer = target.provider === "sqlite" ? sqliteWriter(target.file) : prismaWriter(db);
  const headSeq = await appendSynthetic(db, writer, people, clients).finally(() => writer.close());
  // Demo accounts last, so their real-time entries come after the back-dated synthetic ones.
  await seedDemoUsers(db);
  console.log(
    `Done in ${((performance.now() - started) / 1000).toFixed(1)} s; the chain head is now at entry ${headSeq.toLocaleString("en-US")}.`,
  );
} finally {
  await db.$disconnect();
}
