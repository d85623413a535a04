import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "../db";
import type { SessionUser } from "../auth/roles";
import { getBlueprint } from "../catalog";
import { ConflictError, ForbiddenError, ValidationError } from "../errors";
import { verifyAuditChain } from "../audit/verify";
import { makeUser } from "../../test/support/fixtures";
import { startRolloutWorld, type RolloutWorld } from "../../test/support/rollouts";
import { approveRequest } from "../changes/decide";
import { requestResize } from "../changes/request-resize";
import { approveRollout, controlRollout, createRollout, editWaves, skipTarget } from "./decide";
import type { Selection } from "./schemas";
import { selectionSchema } from "./schemas";
import { countSelection } from "./select";
import { rolloutsInFlight } from "./queries";

// A rollout of the current blueprint version to live clients on 1.0.0, against the sandbox, with
// the worker's passes run in this process: preparation (requests, change sets, groups, manifest),
// four-eyes on the manifest, waves that release clients to the executor, and halting on a failure.

let world: RolloutWorld;
let eng: SessionUser, eng2: SessionUser, eng3: SessionUser;
const current = getBlueprint("stateless-web")!.version;
const workOnce = () => world.workOnce();
const until: RolloutWorld["until"] = (what, check, passes) => world.until(what, check, passes);
const launchOnFirstVersion = (owner: SessionUser, specs: { environment: "production" | "staging"; prefix: string }[]) =>
  world.launchOnFirstVersion(owner, eng, specs);

beforeAll(async () => {
  world = await startRolloutWorld();
  [eng, eng2, eng3] = await Promise.all([makeUser("ENGINEER"), makeUser("ENGINEER"), makeUser("ENGINEER")]);
}, 60_000);

afterAll(async () => {
  await world?.sandbox.stop();
  await db.$disconnect();
});

const fieldErrorsOf = async (promise: Promise<unknown>) => {
  const error = await promise.catch((e) => e);
  expect(error).toBeInstanceOf(ValidationError);
  return (error as ValidationError).fieldErrors;
};

describe("fleet rollouts", () => {
  it("prepares, groups and waves the clients behind, needs a second engineer, and brings every one to the current version", async () => {
    const owner = await makeUser("ACCOUNT_MANAGER");
    const clients = await launchOnFirstVersion(owner, [
      { environment: "staging", prefix: "Canary" },
      { environment: "production", prefix: "Prod A" },
      { environment: "production", prefix: "Prod B" },
      { environment: "production", prefix: "Busy" },
    ]);
    expect(clients.every((c) => c.currentRevision?.blueprintVersion === "1.0.0")).toBe(true);
    const busy = clients.find((c) => c.displayName.startsWith("Busy"))!;
    await requestResize(owner, { clientId: busy.id, sizeId: "large" });
    const selection: Selection = selectionSchema.parse({ blueprintId: "stateless-web", ownerId: owner.id });
    expect(await countSelection(selection, eng)).toBe(4);

    const rollout = await createRollout(eng, { selection, reason: "Alarms for everyone" });
    const review = await until("the review", async () => {
      const r = await db.rollout.findUniqueOrThrow({ where: { id: rollout.id } });
      return r.state === "REVIEW" && r;
    });
    const targets = await db.rolloutTarget.findMany({ where: { rolloutId: rollout.id }, include: { client: true } });
    expect(targets.filter((t) => t.state === "READY")).toHaveLength(3);
    expect(targets.find((t) => t.clientId === busy.id)).toMatchObject({
      state: "EXCLUDED",
      reason: expect.stringMatching(/another change open \(resize, pending\)/),
    });
    const groups = JSON.parse(review.groups!) as { clientIds: string[]; disruptions: string[] }[];
    expect(groups).toHaveLength(1);
    expect(groups[0].clientIds).toHaveLength(3);
    const waves = JSON.parse(review.waves!) as { label: string; clientIds: string[] }[];
    expect(waves.map((w) => w.clientIds.length)).toEqual([1, 1, 1]);
    expect(waves[0].label).toMatch(/staging canary/);
    expect(review.manifestHash).toMatch(/^[0-9a-f]{64}$/);
    // The per-client requests are not reviewed one by one.
    const [oneRequest] = await db.changeRequest.findMany({ where: { rolloutId: rollout.id } });
    await expect(approveRequest(eng2, { requestId: oneRequest.id, version: oneRequest.version })).rejects.toThrow(
      /part of a fleet rollout/,
    );

    // Bad input: waves that do not add up, a tolerance over 100 %: field errors, nothing written.
    const seq = (await db.auditHead.findUniqueOrThrow({ where: { id: 1 } })).seq;
    const wave = { count: 1, maxConcurrency: 1, bakeMinutes: 0, toleranceKind: "count", toleranceValue: 0 };
    expect(
      await fieldErrorsOf(editWaves(eng, { rolloutId: rollout.id, version: review.version, waves: { waves: [wave] } })),
    ).toHaveProperty("waves");
    expect(
      await fieldErrorsOf(
        editWaves(eng, {
          rolloutId: rollout.id,
          version: review.version,
          waves: { waves: [{ ...wave, count: 3, toleranceKind: "percent", toleranceValue: 150 }] },
        }),
      ),
    ).toHaveProperty(["waves.0.tolerance"]);
    // Four-eyes: the creator never approves; a stale manifest is refused under its field.
    await expect(
      approveRollout(eng, { rolloutId: rollout.id, version: review.version, manifestHash: review.manifestHash! }),
    ).rejects.toThrow(ForbiddenError);
    expect(
      await fieldErrorsOf(approveRollout(eng2, { rolloutId: rollout.id, version: review.version, manifestHash: "0".repeat(64) })),
    ).toHaveProperty("manifestHash");
    expect((await db.auditHead.findUniqueOrThrow({ where: { id: 1 } })).seq).toBe(seq);
    expect(await db.rolloutApproval.count({ where: { rolloutId: rollout.id } })).toBe(0);

    // Every wave bakes 0 minutes, so the test does not wait.
    const edited = await editWaves(eng, {
      rolloutId: rollout.id,
      version: review.version,
      waves: { waves: [{ ...wave }, { ...wave }, { ...wave }] },
    });
    expect(edited).toHaveLength(3);
    const ready = await db.rollout.findUniqueOrThrow({ where: { id: rollout.id } });
    expect(await approveRollout(eng2, { rolloutId: rollout.id, version: ready.version, manifestHash: ready.manifestHash! })).toMatchObject({
      approved: true,
    });

    await until(
      "the rollout to finish",
      async () => (await db.rollout.findUniqueOrThrow({ where: { id: rollout.id } })).state === "FINISHED",
    );
    const after = await db.client.findMany({ where: { id: { in: clients.map((c) => c.id) } }, include: { currentRevision: true } });
    for (const c of after.filter((c) => c.id !== busy.id)) expect(c.currentRevision?.blueprintVersion).toBe(current);
    expect(after.find((c) => c.id === busy.id)!.currentRevision?.blueprintVersion).toBe("1.0.0");
    // Each client's update was approved through the rollout, by the approver, bound to what was sent.
    const requests = await db.changeRequest.findMany({
      where: { rolloutId: rollout.id, state: "SUCCEEDED" },
      include: { approvals: true },
    });
    expect(requests).toHaveLength(3);
    for (const r of requests) expect(r.approvals.map((a) => a.approverId)).toEqual([eng2.id]);
    const via = await db.auditEntry.findMany({ where: { action: "request.approve", via: `rollout:${rollout.id}` } });
    expect(via).toHaveLength(3);
    const steps = (await db.auditEntry.findMany({ where: { entityId: rollout.id }, orderBy: { seq: "asc" } })).map((e) => e.action);
    expect(steps).toEqual([
      "rollout.create",
      "rollout.prepared",
      "rollout.plan",
      "rollout.approve",
      "rollout.release",
      "rollout.release",
      "rollout.release",
      "rollout.finish",
    ]);
    expect((await verifyAuditChain(db)).ok).toBe(true);
  });

  it("halts at the first failure: no client of a later wave starts; skipping it and resuming finishes the rest", async () => {
    const owner = await makeUser("ACCOUNT_MANAGER");
    const clients = await launchOnFirstVersion(owner, [
      { environment: "staging", prefix: "Fails" },
      { environment: "production", prefix: "Later A" },
      { environment: "production", prefix: "Later B" },
    ]);
    const failing = clients.find((c) => c.displayName.startsWith("Fails"))!;
    // The canary's update fails creating the alarm it adds; CloudFormation rolls it back.
    await fetch(`${world.sandbox.endpoint}/_sandbox/faults`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({
        kind: "fail",
        stackName: failing.stackName,
        logicalId: "LoadBalancer5xxRateAlarm",
        reason: "Alarm quota exceeded",
      }),
    });
    const rollout = await createRollout(eng3, { selection: selectionSchema.parse({ blueprintId: "stateless-web", ownerId: owner.id }) });
    const review = await until("the review", async () => {
      const r = await db.rollout.findUniqueOrThrow({ where: { id: rollout.id } });
      return r.state === "REVIEW" && r;
    });
    const wave = { maxConcurrency: 1, bakeMinutes: 0, toleranceKind: "count", toleranceValue: 0 };
    await editWaves(eng3, {
      rolloutId: rollout.id,
      version: review.version,
      waves: {
        waves: [
          { ...wave, count: 1 },
          { ...wave, count: 2 },
        ],
      },
    });
    const ready = await db.rollout.findUniqueOrThrow({ where: { id: rollout.id } });
    await approveRollout(eng2, { rolloutId: rollout.id, version: ready.version, manifestHash: ready.manifestHash! });

    const halted = await until("the halt", async () => {
      const r = await db.rollout.findUniqueOrThrow({ where: { id: rollout.id } });
      return r.state === "HALTED" && r;
    });
    expect(halted.haltReason).toMatch(/failed in Wave 1: staging canary; the wave tolerates no failures/);
    // A few more passes: still nothing of wave 2 released.
    for (let i = 0; i < 5; i++) await workOnce();
    const later = await db.rolloutTarget.findMany({ where: { rolloutId: rollout.id, clientId: { not: failing.id } } });
    expect(later.every((t) => t.state === "READY" && t.releasedAt === null)).toBe(true);
    const failed = await db.rolloutTarget.findFirstOrThrow({ where: { rolloutId: rollout.id, clientId: failing.id } });
    expect(failed).toMatchObject({ state: "DONE", reason: expect.stringMatching(/Alarm quota exceeded|rolled back|UPDATE_ROLLBACK/i) });
    expect((await db.client.findUniqueOrThrow({ where: { id: failing.id } })).stackStatus).toBe("UPDATE_ROLLBACK_COMPLETE");
    // The fleet page lists it in flight: halted, with its one finished client of the three.
    const total = await db.rolloutTarget.count({
      where: { rolloutId: rollout.id, state: { in: ["READY", "RELEASED", "DONE", "SKIPPED"] } },
    });
    expect((await rolloutsInFlight()).find((r) => r.id === rollout.id)).toMatchObject({ state: "HALTED", done: 1, planned: total });

    // A resume from a stale page is refused; skipping the failed client and resuming runs the rest.
    await expect(controlRollout(eng, { rolloutId: rollout.id, version: halted.version - 1, control: "resume" })).rejects.toThrow(
      ConflictError,
    );
    await skipTarget(eng, { rolloutId: rollout.id, targetId: failed.id, reason: "Alarm quota: raising it with AWS first" });
    await controlRollout(eng, { rolloutId: rollout.id, version: halted.version, control: "resume" });
    await until(
      "the rollout to finish",
      async () => (await db.rollout.findUniqueOrThrow({ where: { id: rollout.id } })).state === "FINISHED",
    );
    const after = await db.client.findMany({ where: { id: { in: clients.map((c) => c.id) } }, include: { currentRevision: true } });
    expect(
      after
        .filter((c) => c.currentRevision?.blueprintVersion === current)
        .map((c) => c.id)
        .sort(),
    ).toEqual(
      clients
        .filter((c) => c.id !== failing.id)
        .map((c) => c.id)
        .sort(),
    );
    const actions = (await db.auditEntry.findMany({ where: { entityId: rollout.id }, orderBy: { seq: "asc" } })).map((e) => e.action);
    expect(actions).toEqual(expect.arrayContaining(["rollout.halt", "rollout.skip", "rollout.resume", "rollout.finish"]));
    expect((await verifyAuditChain(db)).ok).toBe(true);
  });

  it("halts when a client's alarm goes to ALARM during its wave's bake time", async () => {
    const owner = await makeUser("ACCOUNT_MANAGER");
    const clients = await launchOnFirstVersion(owner, [
      { environment: "production", prefix: "Alarmed" },
      { environment: "production", prefix: "Waiting" },
    ]);
    const alarmed = clients.find((c) => c.displayName.startsWith("Alarmed"))!;
    const rollout = await createRollout(eng, { selection: selectionSchema.parse({ blueprintId: "stateless-web", ownerId: owner.id }) });
    const review = await until("the review", async () => {
      const r = await db.rollout.findUniqueOrThrow({ where: { id: rollout.id } });
      return r.state === "REVIEW" && r;
    });
    const wave = { maxConcurrency: 1, toleranceKind: "count", toleranceValue: 0, count: 1 };
    await editWaves(eng, {
      rolloutId: rollout.id,
      version: review.version,
      waves: {
        waves: [
          { ...wave, bakeMinutes: 30 },
          { ...wave, bakeMinutes: 0 },
        ],
      },
    });
    const ready = await db.rollout.findUniqueOrThrow({ where: { id: rollout.id } });
    await approveRollout(eng2, { rolloutId: rollout.id, version: ready.version, manifestHash: ready.manifestHash! });
    // The first client is updated (its stack now has the alarms) and its wave bakes.
    await until("the first update", async () => {
      const t = await db.rolloutTarget.findFirstOrThrow({ where: { rolloutId: rollout.id, clientId: alarmed.id } });
      return t.state === "DONE" && t;
    });
    expect((await db.rollout.findUniqueOrThrow({ where: { id: rollout.id } })).state).toBe("RUNNING");
    const set = await fetch(`${world.sandbox.endpoint}/_sandbox/alarms`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ stackName: alarmed.stackName, logicalId: "UnhealthyHostsAlarm", state: "ALARM", reason: "2 hosts failing" }),
    });
    expect(set.ok).toBe(true);
    const halted = await until("the halt", async () => {
      const r = await db.rollout.findUniqueOrThrow({ where: { id: rollout.id } });
      return r.state === "HALTED" && r;
    });
    expect(halted.haltReason).toMatch(new RegExp(`^The alarm .*UnhealthyHosts.* of ${alarmed.displayName} is in ALARM$`));
    const second = await db.rolloutTarget.findFirstOrThrow({ where: { rolloutId: rollout.id, clientId: { not: alarmed.id } } });
    expect(second).toMatchObject({ state: "READY", releasedAt: null });
    await controlRollout(eng, { rolloutId: rollout.id, version: halted.version, control: "abort", reason: "Investigating the hosts" });
    const aborted = await db.changeRequest.findUniqueOrThrow({ where: { id: second.requestId! } });
    expect(aborted.state).toBe("CANCELLED");
  });

  it("rolls a client back when an alarm its own update has just created fires while the update runs", async () => {
    const owner = await makeUser("ACCOUNT_MANAGER");
    const clients = await launchOnFirstVersion(owner, [
      { environment: "production", prefix: "Canary" },
      { environment: "production", prefix: "Later" },
    ]);
    const canary = clients.find((c) => c.displayName.startsWith("Canary"))!;
    const control = (path: string, body: unknown) =>
      fetch(`${world.sandbox.endpoint}${path}`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify(body),
      });
    // One of the two alarms the move to 1.1.0 creates is slow, so the update is still running when the other fires.
    const slow = await control("/_sandbox/faults", {
      kind: "slow",
      stackName: canary.stackName,
      logicalId: "UnhealthyHostsAlarm",
      operation: "create",
      factor: 1e6,
    });
    expect(slow.ok).toBe(true);
    const rollout = await createRollout(eng, { selection: selectionSchema.parse({ blueprintId: "stateless-web", ownerId: owner.id }) });
    const review = await until("the review", async () => {
      const r = await db.rollout.findUniqueOrThrow({ where: { id: rollout.id } });
      return r.state === "REVIEW" && r;
    });
    const wave = { maxConcurrency: 1, toleranceKind: "count", toleranceValue: 0, count: 1, bakeMinutes: 0 };
    await editWaves(eng, { rolloutId: rollout.id, version: review.version, waves: { waves: [wave, wave] } });
    const ready = await db.rollout.findUniqueOrThrow({ where: { id: rollout.id } });
    await approveRollout(eng2, { rolloutId: rollout.id, version: ready.version, manifestHash: ready.manifestHash! });
    // The update runs without rollback triggers (the alarms do not exist before it); the 5xx alarm appears mid-update and fires.
    await until("the canary's 5xx alarm", async () => {
      const set = await control("/_sandbox/alarms", { stackName: canary.stackName, logicalId: "LoadBalancer5xxRateAlarm", state: "ALARM" });
      return set.ok;
    });
    const halted = await until("the halt", async () => {
      const r = await db.rollout.findUniqueOrThrow({ where: { id: rollout.id } });
      return r.state === "HALTED" && r;
    });
    expect(halted.haltReason).toMatch(new RegExp(`^The alarm .*5xx.* of ${canary.displayName} is in ALARM$`));
    // CloudFormation rolls the canary back: it stays on its revision, and its target records the failure.
    const done = await until("the canary's rollback", async () => {
      const t = await db.rolloutTarget.findFirstOrThrow({ where: { rolloutId: rollout.id, clientId: canary.id } });
      return t.state === "DONE" && t;
    });
    expect(done.reason).toBeTruthy();
    const after = await db.client.findUniqueOrThrow({ where: { id: canary.id } });
    expect(after).toMatchObject({ currentRevisionId: canary.currentRevisionId, stackStatus: "UPDATE_ROLLBACK_COMPLETE" });
    const request = await db.changeRequest.findUniqueOrThrow({ where: { id: done.requestId! } });
    expect(request.state).toBe("FAILED");
    const rollback = await db.auditEntry.findFirst({ where: { action: "rollout.rollback", entityId: rollout.id, clientId: canary.id } });
    expect(rollback).not.toBeNull();
    // The next client never started.
    const later = await db.rolloutTarget.findFirstOrThrow({ where: { rolloutId: rollout.id, clientId: { not: canary.id } } });
    expect(later).toMatchObject({ state: "READY", releasedAt: null });
    await controlRollout(eng, { rolloutId: rollout.id, version: halted.version, control: "abort", reason: "Looking at the 5xx" });
    await fetch(`${world.sandbox.endpoint}/_sandbox/faults`, { method: "DELETE" });
  });

  it("voids the approval when a target's revision moves before it is approved", async () => {
    const owner = await makeUser("ACCOUNT_MANAGER");
    const [client] = await launchOnFirstVersion(owner, [{ environment: "staging", prefix: "Mover" }]);
    const rollout = await createRollout(eng, { selection: selectionSchema.parse({ blueprintId: "stateless-web", ownerId: owner.id }) });
    const review = await until("the review", async () => {
      const r = await db.rollout.findUniqueOrThrow({ where: { id: rollout.id } });
      return r.state === "REVIEW" && r;
    });
    // Another change reaches the client meanwhile: a new live revision (as a re-apply would make).
    await db.$transaction(async (tx) => {
      const live = await tx.templateRevision.findUniqueOrThrow({ where: { id: client.currentRevisionId! } });
      const { id: _id, number: _n, createdAt: _c, ...content } = live;
      const moved = await tx.templateRevision.create({
        data: { ...content, number: live.number + 10, sha256: "f".repeat(64), requestId: null },
      });
      await tx.client.update({ where: { id: client.id }, data: { currentRevisionId: moved.id } });
    });
    const seq = (await db.auditHead.findUniqueOrThrow({ where: { id: 1 } })).seq;
    const errors = await fieldErrorsOf(
      approveRollout(eng2, { rolloutId: rollout.id, version: review.version, manifestHash: review.manifestHash! }),
    );
    expect(errors.manifestHash?.[0]).toMatch(new RegExp(`The revision of ${client.displayName} moved since this rollout was prepared`));
    expect((await db.auditHead.findUniqueOrThrow({ where: { id: 1 } })).seq).toBe(seq);
    expect(await db.rolloutApproval.count({ where: { rolloutId: rollout.id } })).toBe(0);
  });

  it("does not run on an approval row an insider wrote without its change-log entry", async () => {
    const owner = await makeUser("ACCOUNT_MANAGER");
    await launchOnFirstVersion(owner, [{ environment: "staging", prefix: "Forged" }]);
    const rollout = await createRollout(eng, { selection: selectionSchema.parse({ blueprintId: "stateless-web", ownerId: owner.id }) });
    const review = await until("the review", async () => {
      const r = await db.rollout.findUniqueOrThrow({ where: { id: rollout.id } });
      return r.state === "REVIEW" && r;
    });
    // The insider writes the database directly: an approval row for a real engineer, and the state RUNNING.
    await db.rolloutApproval.create({ data: { rolloutId: rollout.id, approverId: eng2.id, manifestHash: review.manifestHash! } });
    await db.$executeRaw`UPDATE "Rollout" SET "state" = 'RUNNING' WHERE "id" = ${rollout.id}`;
    const halted = await until("the halt", async () => {
      const r = await db.rollout.findUniqueOrThrow({ where: { id: rollout.id } });
      return r.state === "HALTED" && r;
    });
    expect(halted.haltReason).toBe(
      "The rollout has 0 of 1 valid approvals of its manifest (an approval without its change-log entry does not count)",
    );
    expect(await db.rolloutTarget.count({ where: { rolloutId: rollout.id, releasedAt: { not: null } } })).toBe(0);
    expect(await db.approval.count({ where: { request: { rolloutId: rollout.id } } })).toBe(0);
  });

  it("refuses an empty selection with a field error and writes nothing", async () => {
    const seq = (await db.auditHead.findUniqueOrThrow({ where: { id: 1 } })).seq;
    const nobody = await makeUser("ACCOUNT_MANAGER");
    const errors = await fieldErrorsOf(
      createRollout(eng, { selection: selectionSchema.parse({ blueprintId: "stateless-web", ownerId: nobody.id }) }),
    );
    expect(errors.selection?.[0]).toMatch(/No live client matches/);
    expect((await db.auditHead.findUniqueOrThrow({ where: { id: 1 } })).seq).toBe(seq);
    await expect(createRollout(await makeUser("AUDITOR"), { selection: selectionSchema.parse({}) })).rejects.toThrow(ForbiddenError);
  });
});
