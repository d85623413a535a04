import { spawnSync } from "node:child_process";
import { generateKeyPairSync } from "node:crypto";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "../db";
import { resetEnv } from "../env";
import { onboardClient } from "../changes/onboard-client";
import { approveRequest } from "../changes/decide";
import { makeUser, uniqueClientName } from "../../test/support/fixtures";
import { personWithToken } from "../../test/support/api";
import { issueCheckpoint, type CheckpointConfig } from "./checkpoint";
import { directorySink } from "./checkpoint-sink";
import { buildDossier } from "./dossier-build";
import { verifyDossier } from "./dossier";
import { verifierKey } from "./signed-note";
import { chainSourceAt } from "./verify-url";

// Issue 16, item 3: a request's dossier, built from the real database and checkpoint store, is
// verified by the standalone verifier; a byte changed fails it; entries after the checkpoint are
// named as chain-only. The API serves the same dossier, and says 409 when no key is configured.
const NAME = "stackport.test/dossier";
const keys = generateKeyPairSync("ed25519");
let dir: string;
let config: CheckpointConfig;

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), "stackport-dossier-"));
  config = {
    name: NAME,
    sink: directorySink(path.join(dir, "checkpoints")),
    privateKey: keys.privateKey,
    publicKey: keys.publicKey,
    every: 1000,
    maxAgeMs: 3_600_000,
  };
});
afterAll(async () => {
  for (const name of ["AUDIT_SIGNING_KEY_FILE", "AUDIT_CHECKPOINT_DIR", "AUDIT_LOG_NAME"]) delete process.env[name];
  resetEnv();
  await rm(dir, { recursive: true, force: true });
});

async function signCheckpoint() {
  const { source, close } = chainSourceAt(process.env.DATABASE_URL!, db);
  try {
    const issued = await issueCheckpoint(source, config);
    if (!issued.issued) throw new Error(issued.reason);
    return issued;
  } finally {
    await close();
  }
}

describe("a request's dossier", () => {
  it("proves the request's entries against the signed checkpoint, without the database", async () => {
    const am = await makeUser("ACCOUNT_MANAGER", "dossier-am");
    const eng = await makeUser("ENGINEER", "dossier-eng");
    const request = await onboardClient(am, {
      displayName: uniqueClientName("Dossier"),
      environment: "staging",
      region: "us-east-1",
      blueprintId: "stateless-web",
      sizeId: "small",
    });
    const signed = await signCheckpoint();
    const row = await db.changeRequest.findUniqueOrThrow({ where: { id: request.id } });
    await approveRequest(eng, { requestId: request.id, version: row.version });

    const dossier = await buildDossier(request.id, config);
    expect(dossier.checkpoint?.number).toBe(signed.number);
    const actions = dossier.entries.map((e) => e.content.action);
    expect(actions).toEqual(expect.arrayContaining(["request.create", "request.approve"]));
    // The onboarding's entries are covered by the checkpoint; the approval came after it.
    expect(dossier.entries.find((e) => e.content.action === "request.create")!.proof).not.toBeNull();
    expect(dossier.entries.find((e) => e.content.action === "request.approve")!.proof).toBeNull();

    const trusted = verifierKey(NAME, keys.publicKey);
    const result = verifyDossier(JSON.parse(JSON.stringify(dossier)), trusted);
    expect(result.problems).toEqual([]);
    expect(result.checkpoint).toMatchObject({ number: signed.number, size: signed.size });

    const tampered = JSON.parse(JSON.stringify(dossier));
    tampered.entries[0].content.actorLabel += " (edited)";
    expect(verifyDossier(tampered, trusted).ok).toBe(false);
  });

  it("is served by the API to auditors, and is refused with 409 while no key is configured", async () => {
    const am = await makeUser("ACCOUNT_MANAGER", "dossier-am2");
    const request = await onboardClient(am, {
      displayName: uniqueClientName("DossierApi"),
      environment: "staging",
      region: "us-east-1",
      blueprintId: "stateless-web",
      sizeId: "small",
    });
    const auditor = await personWithToken("AUDITOR");
    const none = await auditor.api.GET("/api/v1/requests/{id}/dossier", { params: { path: { id: request.id } } });
    expect(none.response.status).toBe(409);

    const keyFile = path.join(dir, "signing.pem");
    await writeFile(keyFile, keys.privateKey.export({ format: "pem", type: "pkcs8" }) as string);
    Object.assign(process.env, {
      AUDIT_SIGNING_KEY_FILE: keyFile,
      AUDIT_CHECKPOINT_DIR: path.join(dir, "checkpoints"),
      AUDIT_LOG_NAME: NAME,
    });
    resetEnv();
    await signCheckpoint();
    const served = await auditor.api.GET("/api/v1/requests/{id}/dossier", { params: { path: { id: request.id } } });
    expect(served.response.status).toBe(200);
    expect(verifyDossier(served.data, verifierKey(NAME, keys.publicKey))).toMatchObject({ ok: true });
    const listed = await auditor.api.GET("/api/v1/audit/checkpoints");
    expect(listed.response.status).toBe(200);
    expect(listed.data!.problem).toBeNull();
    expect(listed.data!.publicKey).toBe(verifierKey(NAME, keys.publicKey));
    expect(listed.data!.checkpoints.map((c) => c.number)).toEqual([1, 2]);
    expect(listed.data!.checkpoints[1].size).toBeGreaterThan(listed.data!.checkpoints[0].size);
    const am2 = await personWithToken("ACCOUNT_MANAGER");
    expect((await am2.api.GET("/api/v1/requests/{id}/dossier", { params: { path: { id: request.id } } })).response.status).toBe(403);
    expect((await auditor.api.GET("/api/v1/requests/{id}/dossier", { params: { path: { id: "nope" } } })).response.status).toBe(404);

    // The standalone verifier reads the file and the key, nothing else (no DATABASE_URL, no network).
    const file = path.join(dir, "dossier.json");
    await writeFile(file, JSON.stringify(served.data));
    const verify = (target: string, keyArgs = ["--key", verifierKey(NAME, keys.publicKey)]) =>
      spawnSync(path.resolve("node_modules/.bin/tsx"), ["scripts/audit-verify-dossier.ts", target, ...keyArgs], {
        encoding: "utf8",
        env: { PATH: process.env.PATH, NODE_ENV: "test" },
      });
    const good = verify(file);
    expect(good.status, good.stderr).toBe(0);
    expect(good.stdout).toContain(`OK: the dossier is verified against checkpoint #`);
    const keyless = verify(file, []);
    expect(keyless.status, keyless.stderr).toBe(0);
    expect(keyless.stdout).toContain("compare it with the one your portal publishes");
    const text = await readFile(file, "utf8");
    await writeFile(file, text.replace('"request.create"', '"request.creatf"'));
    const bad = verify(file);
    expect(bad.status).toBe(1);
    expect(bad.stderr).toContain("BROKEN: Entry");
  });
});
