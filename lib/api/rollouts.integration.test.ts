import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "../db";
import { getBlueprint } from "../catalog";
import { verifyAuditChain } from "../audit/verify";
import { makeUser } from "../../test/support/fixtures";
import { apiAs, personWithToken } from "../../test/support/api";
import { startRolloutWorld, type RolloutWorld } from "../../test/support/rollouts";

// Fleet rollouts through /api/v1 and the generated client, against the sandbox, with the worker's
// passes run in this process: an engineer's token prepares a rollout, a second engineer's approves
// its manifest hash, the waves run. Refusals write nothing. Every answer is checked against its schema.

let world: RolloutWorld;
let am: Awaited<ReturnType<typeof personWithToken>>;
let eng: Awaited<ReturnType<typeof personWithToken>>;
let eng2: Awaited<ReturnType<typeof personWithToken>>;
let auditor: Awaited<ReturnType<typeof personWithToken>>;
const current = getBlueprint("stateless-web")!.version;

beforeAll(async () => {
  world = await startRolloutWorld();
  [am, eng, eng2, auditor] = await Promise.all([
    personWithToken("ACCOUNT_MANAGER"),
    personWithToken("ENGINEER"),
    personWithToken("ENGINEER", [], "engineer2"),
    personWithToken("AUDITOR"),
  ]);
}, 60_000);

afterAll(async () => {
  await world?.sandbox.stop();
  await db.$disconnect();
});

const auditHead = async () => (await db.auditHead.findUniqueOrThrow({ where: { id: 1 } })).seq;
const wave = { count: 1, maxConcurrency: 1, bakeMinutes: 0, toleranceValue: 0 };

describe("/api/v1/rollouts", () => {
  it("answers 401 without a token, 403 to an auditor's create, and 422 naming the field for a bad or empty selection", async () => {
    const anonymous = apiAs(undefined);
    expect((await anonymous.GET("/api/v1/rollouts")).response.status).toBe(401);
    const anonymousCreate = await anonymous.POST("/api/v1/rollouts", { body: {} });
    expect(anonymousCreate.response.status).toBe(401);
    expect(anonymousCreate.error).toMatchObject({ status: 401, title: "Authentication required" });

    const before = { seq: await auditHead(), rollouts: await db.rollout.count() };
    expect((await auditor.api.GET("/api/v1/rollouts")).response.status).toBe(200);
    const auditorCreate = await auditor.api.POST("/api/v1/rollouts", { body: {} });
    expect(auditorCreate.response.status).toBe(403);
    expect(auditorCreate.error!.detail).toBe("Your role does not allow this.");
    // The live count is the new-rollout form's, which an auditor does not reach either.
    expect((await auditor.api.GET("/api/v1/rollouts/count")).response.status).toBe(403);

    const nobody = await makeUser("ACCOUNT_MANAGER");
    const empty = await eng.api.POST("/api/v1/rollouts", { body: { ownerId: nobody.id } });
    expect(empty.response.status).toBe(422);
    expect(empty.error!.errors!.selection![0]).toMatch(/^No live client matches this selection/);
    const ahead = await eng.api.POST("/api/v1/rollouts", { body: { behindVersion: "9.9.9" } });
    expect(ahead.response.status).toBe(422);
    expect(ahead.error!.errors!.behindVersion![0]).toMatch(/has no version 9\.9\.9 yet/);
    const malformed = await eng.api.POST("/api/v1/rollouts", { body: { behindVersion: "newest", environment: "moon" as never } });
    expect(malformed.response.status).toBe(422);
    expect(Object.keys(malformed.error!.errors!).sort()).toEqual(["behindVersion", "environment"]);
    expect({ seq: await auditHead(), rollouts: await db.rollout.count() }).toEqual(before);

    expect((await eng.api.GET("/api/v1/rollouts/{id}", { params: { path: { id: "no-such-rollout" } } })).response.status).toBe(404);
  });

  it("an engineer prepares a rollout, a second approves its manifest hash (a stale one is refused), and the waves run", async () => {
    const [canary, skipped] = await world.launchOnFirstVersion(am.user, eng.user, [
      { environment: "staging", prefix: "Api Canary" },
      { environment: "staging", prefix: "Api Skipped" },
    ]);

    // The live count, as each caller may see it: an account manager's is only ever their own clients.
    const nobody = await makeUser("ACCOUNT_MANAGER");
    const count = (api: typeof eng.api, ownerId: string) => api.GET("/api/v1/rollouts/count", { params: { query: { ownerId } } });
    expect((await count(eng.api, am.user.id)).data).toEqual({
      count: 2,
      blueprintId: "stateless-web",
      toVersion: current,
      behindVersion: current,
    });
    expect((await count(eng.api, nobody.id)).data!.count).toBe(0);
    expect((await count(am.api, nobody.id)).data!.count).toBe(2);

    // Created once, whatever the retries.
    const key = randomUUID();
    const create = () =>
      eng.api.POST("/api/v1/rollouts", {
        params: { header: { "Idempotency-Key": key } },
        body: { ownerId: am.user.id, reason: "Alarms for every client" },
      });
    const created = await create();
    expect(created.response.status).toBe(202);
    const id = created.data!.id;
    expect(created.response.headers.get("location")).toBe(`/api/v1/rollouts/${id}`);
    expect(created.data).toMatchObject({ state: "PREPARING", toVersion: current, createdBy: { email: eng.user.email } });
    const replayed = await create();
    expect(replayed.response.headers.get("idempotent-replayed")).toBe("true");
    expect(replayed.data!.id).toBe(id);
    expect(await db.rollout.count({ where: { createdById: eng.user.id } })).toBe(1);

    const read = () => eng.api.GET("/api/v1/rollouts/{id}", { params: { path: { id } } });
    const review = await world.until("the review", async () => {
      const answer = await read();
      return answer.data?.state === "REVIEW" && answer;
    });
    expect(review.response.headers.get("etag")).toBe(`"v${review.data!.version}"`);
    expect(review.data).toMatchObject({
      sentence: "Waiting for approval (0 of 1 approval) to update 2 clients.",
      planned: 2,
      groupsSentence: "2 clients: diff A",
      groups: [{ label: "A", clients: 2, representativeRequest: expect.stringMatching(/^\/api\/v1\/requests\//) }],
      approvals: [],
      approvalsSentence: "0 of 1 approval",
      excluded: { total: 0, items: [] },
    });
    expect(review.data!.groups[0].resourceChanges.map((c) => c.logicalId)).toContain("UnhealthyHostsAlarm");
    expect(review.data!.waves.map((w) => [w.label, w.count])).toEqual([["Wave 1: staging canary", 2]]);
    const firstHash = review.data!.manifestHash!;
    expect(firstHash).toMatch(/^[0-9a-f]{64}$/);
    expect((await eng.api.GET("/api/v1/rollouts")).data!.items.map((r) => r.id)).toContain(id);

    const targets = (result?: "skipped" | "updated" | "failed") =>
      eng.api.GET("/api/v1/rollouts/{id}/targets", { params: { path: { id }, query: { result } } });
    const listed = (await targets()).data!;
    expect(listed.items.map((t) => [t.client.slug, t.result, t.waveLabel]).sort()).toEqual(
      [canary, skipped].map((c) => [c.slug, "pending", "Wave 1: staging canary"]).sort(),
    );
    expect(listed.next).toBeNull();
    expect((await targets("failed")).data!.items).toEqual([]);

    // Skipping a client before approval changes the manifest: the hash read before it is refused.
    const skippedTarget = listed.items.find((t) => t.client.slug === skipped.slug)!;
    const skip = await eng.api.POST("/api/v1/rollouts/{id}/targets/{targetId}/skip", {
      params: { path: { id, targetId: skippedTarget.id } },
      body: { reason: "Moves to its new account next week" },
    });
    expect(skip.response.status).toBe(200);
    expect(skip.data!.rollout.manifestHash).not.toBe(firstHash);

    const unchanged = async () => ({
      seq: await auditHead(),
      approvals: await db.rolloutApproval.count({ where: { rolloutId: id } }),
      version: (await db.rollout.findUniqueOrThrow({ where: { id } })).version,
    });
    const before = await unchanged();
    const approve = (who: typeof eng, manifestHash: string, ifMatch?: string) =>
      who.api.POST("/api/v1/rollouts/{id}/approve", {
        params: { path: { id }, header: ifMatch ? { "If-Match": ifMatch } : {} },
        body: { manifestHash, comment: "Reviewed the diff" },
      });
    const stale = await approve(eng2, firstHash);
    expect(stale.response.status).toBe(422);
    expect(stale.error!.errors!.manifestHash).toEqual([
      "The rollout changed since you opened it: review what it deploys now, then approve",
    ]);
    expect((await approve(eng2, "not-a-hash")).error!.errors).toHaveProperty("manifestHash");

    // Waves: sizes that do not add up, a tolerance over 100 %, no wave at all.
    const putWaves = (waves: Record<string, unknown>[], ifMatch?: string) =>
      eng.api.PUT("/api/v1/rollouts/{id}/waves", {
        params: { path: { id }, header: ifMatch ? { "If-Match": ifMatch } : {} },
        body: { waves: waves as never },
      });
    const tooMany = await putWaves([{ ...wave, count: 2 }]);
    expect(tooMany.response.status).toBe(422);
    expect(tooMany.error!.errors).toEqual({ waves: ["The waves hold 2 clients, but the rollout has 1"] });
    const overTolerance = await putWaves([{ ...wave, toleranceKind: "percent", toleranceValue: 150 }]);
    expect(overTolerance.error!.errors).toEqual({ "waves.0.toleranceValue": ["Tolerance cannot be over 100 %"] });
    expect((await putWaves([])).error!.errors).toEqual({ waves: ["A rollout needs at least one wave"] });
    expect(await unchanged()).toEqual(before);

    const etagBefore = `"v${before.version}"`;
    const planned = await putWaves([wave], etagBefore);
    expect(planned.response.status).toBe(200);
    expect(planned.data!.waves.map((w) => [w.count, w.rules])).toEqual([[1, "up to 1 at once · bakes 0 s · tolerates no failures"]]);
    const etag = planned.response.headers.get("etag")!;
    expect(etag).not.toBe(etagBefore);

    // Four-eyes, on what was read: never the creator; a stale ETag is 412; then the second engineer's approval starts it.
    const own = await approve(eng, planned.data!.manifestHash!);
    expect(own.response.status).toBe(403);
    expect(own.error!.detail).toBe("Nobody approves their own rollout.");
    expect((await approve(eng2, planned.data!.manifestHash!, etagBefore)).response.status).toBe(412);
    expect(await db.rolloutApproval.count({ where: { rolloutId: id } })).toBe(0);
    const approved = await approve(eng2, planned.data!.manifestHash!, etag);
    expect(approved.response.status).toBe(200);
    expect(approved.data).toMatchObject({ approved: true, approvals: 1, rollout: { state: "RUNNING" } });

    // Paused, nothing starts however many passes run; resumed, it finishes.
    const paused = await eng.api.POST("/api/v1/rollouts/{id}/pause", {
      params: { path: { id }, header: { "If-Match": approved.response.headers.get("etag")! } },
      body: { reason: "Checking the dashboards first" },
    });
    expect(paused.data!.rollout.state).toBe("PAUSED");
    for (let i = 0; i < 3; i++) await world.workOnce();
    expect(await db.rolloutTarget.count({ where: { rolloutId: id, releasedAt: { not: null } } })).toBe(0);
    const resumed = await eng.api.POST("/api/v1/rollouts/{id}/resume", { params: { path: { id } }, body: {} });
    expect(resumed.data!.rollout.state).toBe("RUNNING");
    const finished = await world.until("the rollout to finish", async () => {
      const answer = await read();
      return answer.data?.state === "FINISHED" && answer.data;
    });
    expect(finished.sentence).toBe("Finished: 1 client updated, 1 client skipped.");

    const updated = (await targets("updated")).data!.items;
    expect(updated.map((t) => [t.client.slug, t.result, t.resultLabel])).toEqual([[canary.slug, "succeeded", "Updated"]]);
    expect((await targets("skipped")).data!.items.map((t) => [t.client.slug, t.reason])).toEqual([
      [skipped.slug, "Moves to its new account next week"],
    ]);
    const retry = await eng.api.POST("/api/v1/rollouts/{id}/targets/{targetId}/retry", {
      params: { path: { id, targetId: updated[0].id } },
    });
    expect(retry.response.status).toBe(409);
    expect(retry.error!.detail).toMatch(/has not failed/);
    const versions = await db.client.findMany({ where: { id: { in: [canary.id, skipped.id] } }, include: { currentRevision: true } });
    expect(Object.fromEntries(versions.map((c) => [c.slug, c.currentRevision?.blueprintVersion]))).toEqual({
      [canary.slug]: current,
      [skipped.slug]: "1.0.0",
    });

    // The change log says who did what, through which token.
    const entries = await db.auditEntry.findMany({ where: { entityId: id, via: { startsWith: "api:" } }, orderBy: { seq: "asc" } });
    expect(entries.map((e) => [e.action, e.via])).toEqual([
      ["rollout.create", `api:${eng.tokenId}`],
      ["rollout.skip", `api:${eng.tokenId}`],
      ["rollout.plan", `api:${eng.tokenId}`],
      ["rollout.approve", `api:${eng2.tokenId}`],
      ["rollout.pause", `api:${eng.tokenId}`],
      ["rollout.resume", `api:${eng.tokenId}`],
    ]);
    expect((await verifyAuditChain(db)).ok).toBe(true);
  });
});
