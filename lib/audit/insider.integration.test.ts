import { generateKeyPairSync } from "node:crypto";
import { cp, mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "../db";
import { appendAudit } from "./append";
import { issueCheckpoint, issueDueCheckpoint, type CheckpointConfig } from "./checkpoint";
import { checkpointFileName } from "./checkpoint-log";
import { directorySink } from "./checkpoint-sink";
import { chainSourceAt, verifyChainAt } from "./verify-url";
import { checkpointBody, signNote } from "./signed-note";
import { Frontier } from "./merkle";
import { copyDatabase, entryContents, rewriteFrom, type DatabaseCopy } from "../../test/support/insider";

// Issue 16 / security review H2: whoever can write the database can rewrite the change log and
// recompute every hash, and the chain alone still checks out. Each test below does that to a
// copy of the database, shows the chain-only check is fooled ("intact"), and then that
// verification against the signed checkpoints (kept outside the database) names the tampering.
const url = process.env.DATABASE_URL!;
const run = `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
const NAME = "stackport.test/audit";
const ours = generateKeyPairSync("ed25519");
const theirs = generateKeyPairSync("ed25519");
let dir: string;
let config: CheckpointConfig;
const sizes: number[] = [];
let copy: DatabaseCopy | undefined;

const configFor = (sinkDir: string, keys = ours): CheckpointConfig => ({
  name: NAME,
  sink: directorySink(sinkDir),
  privateKey: keys.privateKey,
  publicKey: ours.publicKey,
  every: 1000,
  maxAgeMs: 3_600_000,
});

async function append(n: number, label: string) {
  await db.$transaction(async (tx) => {
    for (let i = 0; i < n; i++) {
      await appendAudit(tx, {
        actor: { id: null, label: "integration-test" },
        action: `test.insider.${run}`,
        entityType: "Test",
        after: { label, i },
      });
    }
  });
}

async function checkpoint() {
  const { source, close } = chainSourceAt(url, db);
  try {
    const issued = await issueCheckpoint(source, config);
    if (!issued.issued) throw new Error(issued.reason);
    sizes.push(issued.size);
  } finally {
    await close();
  }
}

async function tamperedCopy() {
  copy = await copyDatabase(url, `insider_${run}_${sizes.length}_${Math.random().toString(36).slice(2, 6)}`);
  return copy;
}

describe("an insider with full database access", () => {
  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), "stackport-checkpoints-"));
    config = configFor(dir);
    await append(20, "first");
    await checkpoint();
    await append(5, "second");
    await checkpoint();
    await append(4, "third");
    await checkpoint();
    await append(2, "unsigned");
  });

  afterAll(async () => {
    await copy?.drop();
    await rm(dir, { recursive: true, force: true });
    await db.$disconnect();
  });

  const afterEach = async () => {
    await copy?.drop();
    copy = undefined;
  };

  it("leaves an untampered log verifying against every checkpoint", async () => {
    const result = await verifyChainAt(url, db, config);
    expect(result.ok).toBe(true);
    expect(result.checkpoints?.lines).toHaveLength(3);
    expect(result.checkpoints?.lines[2]).toMatch(/^checkpoint #3: .* entries, signed .* by key [0-9a-f]{8}, consistent with #2$/);
    expect(result.checkpoints?.newest).toMatchObject({ number: 3, size: sizes[2] });
  });

  it("names an edited entry even when every later hash was recomputed", async () => {
    const target = sizes[0] - 13;
    const c = await tamperedCopy();
    const contents = await entryContents(c.db);
    const from = contents.slice(target - 1).map(({ seq: _seq, ...rest }) => rest);
    from[0] = { ...from[0], actorLabel: "mallory@example.com" };
    await rewriteFrom(c, target, from);
    expect((await verifyChainAt(c.url, undefined, undefined)).ok).toBe(true); // the chain alone: "intact"
    const result = await verifyChainAt(c.url, undefined, config);
    expect(result.ok).toBe(false);
    expect(result.firstBroken).toMatchObject({ seq: target, kind: "edited" });
    expect(result.firstBroken?.reason).toMatch(/^it was edited: its content is not what checkpoint #1 \(signed .*\) signed/);
    await afterEach();
  });

  it("names a truncated tail", async () => {
    const c = await tamperedCopy();
    await rewriteFrom(c, sizes[1] + 2, []);
    expect((await verifyChainAt(c.url, undefined, undefined)).ok).toBe(true);
    const result = await verifyChainAt(c.url, undefined, config);
    expect(result.firstBroken).toMatchObject({ seq: sizes[1] + 2, kind: "truncated", missing: true });
    expect(result.firstBroken?.reason).toContain(`checkpoint #3`);
    expect(result.firstBroken?.reason).toContain(`the log now ends at entry ${sizes[1] + 1}`);
    await afterEach();
  });

  it("names a forged tail", async () => {
    const c = await tamperedCopy();
    const at = new Date().toISOString();
    const forged = Array.from({ length: 12 }, (_, i) => ({
      at,
      actorId: null,
      actorLabel: "eng2@example.com",
      action: "request.approve",
      entityType: "ChangeRequest",
      entityId: `forged-${i}`,
      clientId: null,
      before: null,
      after: null,
      requestId: null,
    }));
    await rewriteFrom(c, sizes[0] + 1, forged);
    expect((await verifyChainAt(c.url, undefined, undefined)).ok).toBe(true);
    const result = await verifyChainAt(c.url, undefined, config);
    expect(result.firstBroken).toMatchObject({ seq: sizes[0] + 1, kind: "forged-tail" });
    expect(result.firstBroken?.reason).toMatch(new RegExp(`^entries ${sizes[0] + 1} to ${sizes[2]} are not the ones checkpoint #2`));
    await afterEach();
  });

  it("names a checkpoint file that was deleted", async () => {
    const gapped = await mkdtemp(path.join(os.tmpdir(), "stackport-checkpoints-gap-"));
    try {
      await cp(dir, gapped, { recursive: true });
      await rm(path.join(gapped, checkpointFileName(2)));
      const result = await verifyChainAt(url, db, configFor(gapped));
      expect(result.ok).toBe(false);
      expect(result.checkpoints?.problem).toEqual({
        kind: "missing-checkpoint",
        number: 2,
        reason: "checkpoint #2 is missing from the checkpoint store, between #1 and #3",
      });
    } finally {
      await rm(gapped, { recursive: true, force: true });
    }
  });

  it("refuses a checkpoint signed by another key", async () => {
    const forgedDir = await mkdtemp(path.join(os.tmpdir(), "stackport-checkpoints-key-"));
    try {
      await cp(dir, forgedDir, { recursive: true });
      // The insider signs a checkpoint #4 of their own, over a tree they chose.
      const body = checkpointBody({
        origin: NAME,
        size: sizes[2] + 2,
        root: new Frontier().root(),
        number: 4,
        signedAt: new Date().toISOString(),
      });
      const file = { note: signNote(body, NAME, theirs.privateKey), from: sizes[2], leaves: [], compact: [], lastHash: null };
      await writeFile(path.join(forgedDir, checkpointFileName(4)), JSON.stringify(file));
      const result = await verifyChainAt(url, db, configFor(forgedDir));
      expect(result.ok).toBe(false);
      expect(result.checkpoints?.problem).toMatchObject({
        kind: "bad-signature",
        number: 4,
        reason: "checkpoint #4 is refused: it is signed by another key",
      });
      // …and the portal will not sign on top of it either.
      const { source, close } = chainSourceAt(url, db);
      await expect(issueCheckpoint(source, configFor(forgedDir))).rejects.toThrow(/signed by another key/);
      await close();
    } finally {
      await rm(forgedDir, { recursive: true, force: true });
    }
  });

  it("signs a checkpoint when AUDIT_CHECKPOINT_EVERY entries or AUDIT_CHECKPOINT_MINUTES have passed, not before", async () => {
    const dueDir = await mkdtemp(path.join(os.tmpdir(), "stackport-checkpoints-due-"));
    const { source, close } = chainSourceAt(url, db);
    try {
      const due = { ...configFor(dueDir), every: 3 };
      expect(await issueDueCheckpoint(source, due)).toMatchObject({ issued: true, number: 1 }); // the first one, over everything
      await append(2, "due");
      expect(await issueDueCheckpoint(source, due)).toEqual({ issued: false, reason: "not due" });
      await append(1, "due");
      expect(await issueDueCheckpoint(source, due)).toMatchObject({ issued: true, number: 2 });
      await append(1, "due");
      expect(await issueDueCheckpoint(source, due)).toEqual({ issued: false, reason: "not due" });
      const later = new Date(Date.now() + due.maxAgeMs + 1000);
      expect(await issueDueCheckpoint(source, due, later)).toMatchObject({ issued: true, number: 3 });
      expect((await verifyChainAt(url, db, due)).checkpoints?.lines).toHaveLength(3);
    } finally {
      await close();
      await rm(dueDir, { recursive: true, force: true });
    }
  });
});
