import Database from "better-sqlite3";
import { createDb, type Db } from "../../lib/db/client";
import { databaseTarget } from "../../lib/db/target.mjs";
import { entryHash, GENESIS_HASH, type AuditContent } from "../../lib/audit/hash";

// Plays the insider the change log must hold against: full access to a copy of the portal's
// database (the append-only triggers dropped), rewriting entries and the chain head with the
// portal's own hashing, so the hash chain alone checks out.

export interface DatabaseCopy {
  url: string;
  db: Db;
  drop(): Promise<void>;
}

/** A copy of the change log's tables: SQLite through the backup API (WAL mode: never `cp`), PostgreSQL into a new schema. */
export async function copyDatabase(url: string, tag: string): Promise<DatabaseCopy> {
  const target = databaseTarget(url);
  if (target.provider === "sqlite") {
    const file = `${target.file}.${tag}.copy`;
    const source = new Database(target.file, { readonly: true });
    try {
      await source.backup(file);
    } finally {
      source.close();
    }
    const { db } = createDb(`file:${file}`);
    return {
      url: `file:${file}`,
      db,
      drop: async () => {
        await db.$disconnect();
        const { rm } = await import("node:fs/promises");
        await Promise.all(["", "-wal", "-shm"].map((s) => rm(`${file}${s}`, { force: true })));
      },
    };
  }
  const schema = `${target.schema}_${tag}`.slice(0, 60);
  const own = createDb(url).db;
  try {
    await own.$executeRawUnsafe(`CREATE SCHEMA "${schema}"`);
    for (const table of ["AuditEntry", "AuditHead"]) {
      await own.$executeRawUnsafe(`CREATE TABLE "${schema}"."${table}" (LIKE "${target.schema}"."${table}" INCLUDING ALL)`);
      await own.$executeRawUnsafe(`INSERT INTO "${schema}"."${table}" SELECT * FROM "${target.schema}"."${table}"`);
    }
  } finally {
    await own.$disconnect();
  }
  const copyUrl = new URL(url);
  copyUrl.searchParams.set("schema", schema);
  const { db } = createDb(copyUrl.toString());
  return {
    url: copyUrl.toString(),
    db,
    drop: async () => {
      await db.$executeRawUnsafe(`DROP SCHEMA "${schema}" CASCADE`);
      await db.$disconnect();
    },
  };
}

async function dropTriggers(copy: DatabaseCopy) {
  const pg = databaseTarget(copy.url).provider === "postgresql";
  for (const trigger of ["AuditEntry_no_update", "AuditEntry_no_delete"]) {
    await copy.db.$executeRawUnsafe(pg ? `DROP TRIGGER IF EXISTS "${trigger}" ON "AuditEntry"` : `DROP TRIGGER IF EXISTS "${trigger}"`);
  }
}

export async function entryContents(db: Db): Promise<AuditContent[]> {
  const rows = await db.auditEntry.findMany({ orderBy: { seq: "asc" } });
  return rows.map(({ prevHash: _p, hash: _h, via, at, ...rest }) => ({ ...rest, at: at.toISOString(), ...(via != null ? { via } : {}) }));
}

/**
 * Replaces every entry from `fromSeq` on with `contents` (renumbered from fromSeq), recomputing
 * each hash with entryHash from the entry before, and moves AuditHead to the new last entry.
 */
export async function rewriteFrom(copy: DatabaseCopy, fromSeq: number, contents: Omit<AuditContent, "seq">[]) {
  await dropTriggers(copy);
  const before = fromSeq > 1 ? await copy.db.auditEntry.findUniqueOrThrow({ where: { seq: fromSeq - 1 } }) : undefined;
  let prevHash = before?.hash ?? GENESIS_HASH;
  await copy.db.auditEntry.deleteMany({ where: { seq: { gte: fromSeq } } });
  let seq = fromSeq - 1;
  for (const c of contents) {
    seq += 1;
    const content: AuditContent = { ...c, seq };
    const hash = entryHash(prevHash, content);
    await copy.db.auditEntry.create({ data: { ...content, at: new Date(content.at), prevHash, hash } });
    prevHash = hash;
  }
  await copy.db.auditHead.update({ where: { id: 1 }, data: { seq, lastHash: prevHash } });
}
