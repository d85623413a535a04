import "server-only";
import { db, dbProvider } from "../db";
import { appendAudit } from "../audit/append";
import * as cloud from "../cloud";
import { alarmArnsOf } from "../changes/deployment";
import { deploymentInclude, digestOf } from "../changes/approved-bytes";
import { notifyRequest } from "../notify/enqueue";
import { logUnexpected } from "../log";
import { currentManifestHash, notifyRollout, validRolloutApprovals } from "./decide";
import { nextStep, wavePhase, type ClientProgress, type RolloutSnapshot } from "./progress";
import type { Wave } from "./plan";
import { runStateOf, runStateOfRollout } from "./state";

// A running rollout, one step per worker pass: read where every client of the plan stands, ask
// progress.ts what comes next, and do exactly that — release the next clients (their update
// requests become approved through the rollout's approvals, and the executor runs each as it
// would run it alone: maintenance window, approved bytes, tracker, verification), halt at the
// first sign of trouble, or finish. Each client is released by a conditional update, so two
// workers never start one twice.

const SYSTEM = { id: null, label: "rollout" };

async function loadRunning(rolloutId: string) {
  const rollout = await db.rollout.findUnique({ where: { id: rolloutId } });
  if (!rollout?.waves) return null;
  const targets = await db.rolloutTarget.findMany({
    where: { rolloutId, state: { in: ["READY", "RELEASED", "DONE", "SKIPPED"] } },
    include: {
      client: { select: { id: true, displayName: true, status: true, outputs: true, currentRevisionId: true, stackId: true } },
    },
  });
  const requestIds = targets.flatMap((t) => (t.requestId ? [t.requestId] : []));
  const requests = await db.changeRequest.findMany({
    where: { id: { in: requestIds } },
    select: { id: true, state: true, scheduledFor: true, updatedAt: true, failureReason: true },
  });
  return { rollout, waves: JSON.parse(rollout.waves) as Wave[], targets, requests: new Map(requests.map((r) => [r.id, r])) };
}

type Loaded = NonNullable<Awaited<ReturnType<typeof loadRunning>>>;
type Approvers = Awaited<ReturnType<typeof validRolloutApprovals>>;

/**
 * Runs `fn` for every item: at once on PostgreSQL (each its own transaction; the change log's
 * head is the only point they wait for one another), one after another on SQLite's one writer.
 */
async function each<T, R>(items: readonly T[], fn: (item: T) => Promise<R>): Promise<R[]> {
  if (dbProvider() !== "sqlite") return Promise.all(items.map(fn));
  const out: R[] = [];
  for (const item of items) out.push(await fn(item));
  return out;
}

/** Targets whose request ended are DONE, with when and (for a failure) why. */
async function recordFinished(loaded: Loaded): Promise<void> {
  const inFlight = loaded.targets.filter((t) => t.state === "RELEASED" && t.requestId && loaded.requests.has(t.requestId));
  await each(inFlight, async (t) => {
    const request = loaded.requests.get(t.requestId!)!;
    if (request.state === "PENDING") {
      // Sent back to review by the executor (its approved change set could no longer run): it
      // takes no part until retried, which prepares and approves a new one.
      await db.changeRequest.updateMany({
        where: { id: request.id, state: "PENDING" },
        data: { state: "CANCELLED", version: { increment: 1 } },
      });
      request.state = "CANCELLED";
      request.failureReason = "Its approved change set could no longer be executed; retry the client to prepare a new one.";
    }
    if (!["SUCCEEDED", "FAILED", "CANCELLED", "REJECTED"].includes(request.state)) return;
    const reason =
      request.state === "SUCCEEDED"
        ? t.client.status === "DEGRADED"
          ? "Updated, but verified degraded."
          : null
        : (request.failureReason ?? `Its request was ${request.state.toLowerCase()}.`);
    await db.rolloutTarget.updateMany({
      where: { id: t.id, state: "RELEASED" },
      data: { state: "DONE", finishedAt: request.updatedAt, reason },
    });
    t.state = "DONE";
    t.finishedAt = request.updatedAt;
  });
}

interface Alarms {
  /** client id → names of its alarms in ALARM. */
  firing: Map<string, string[]>;
  /** Clients whose update is running without rollback triggers (it creates the alarms it would name). */
  untriggered: Set<string>;
}

/**
 * Alarms in ALARM for the clients of the wave that is running or baking (released or done only):
 * the alarms in each stack's outputs; and for an update that runs without rollback triggers
 * (its stack had no alarms yet: the move that creates them), the stack's own alarm resources,
 * so an alarm the update has just created still counts while the update runs.
 */
async function firingAlarms(loaded: Loaded, snapshot: RolloutSnapshot, now: Date): Promise<Alarms> {
  const none: Alarms = { firing: new Map(), untriggered: new Set() };
  const at = wavePhase(snapshot, now);
  if (at.phase === "done") return none;
  const ids = new Set(loaded.waves[at.index]?.clientIds ?? []);
  const watched = loaded.targets.filter((t) => ids.has(t.clientId) && (t.state === "RELEASED" || t.state === "DONE"));
  const arnsOf = new Map(watched.map((t) => [t.clientId, alarmArnsOf(t.client.outputs)]));
  const untriggered = watched.filter(
    (t) =>
      t.state === "RELEASED" &&
      t.client.stackId &&
      !arnsOf.get(t.clientId)?.length &&
      loaded.requests.get(t.requestId ?? "")?.state === "EXECUTING",
  );
  const all = [...arnsOf.values()].flat();
  const states = all.length ? await cloud.alarmStates(all) : new Map<string, string>();
  const firing = new Map<string, string[]>();
  for (const [clientId, arns] of arnsOf) {
    const names = arns.filter((a) => states.get(a) === "ALARM").map(cloud.alarmNameOf);
    if (names.length) firing.set(clientId, names);
  }
  const own = await Promise.all(untriggered.map((t) => cloud.firingStackAlarms(t.client.stackId!)));
  untriggered.forEach((t, i) => {
    if (own[i].length) firing.set(t.clientId, own[i]);
  });
  return { firing, untriggered: new Set(untriggered.map((t) => t.clientId)) };
}

/**
 * A client whose alarm fired while its update ran without rollback triggers: the rollout does what
 * a trigger would have done, and asks CloudFormation to cancel the update, which rolls it back.
 * The tracker then follows the rollback as it would any other, and the client's request fails.
 */
async function rollBack(loaded: Loaded, clientId: string, alarms: string[]): Promise<void> {
  const target = loaded.targets.find((t) => t.clientId === clientId);
  if (!target?.client.stackId) return;
  try {
    await cloud.cancelUpdateStack(target.client.stackId, `rollout-${target.id}`.slice(0, 128));
  } catch (error) {
    // The update finished meanwhile (nothing left to cancel): the halt stands, the client is as its update left it.
    logUnexpected(error, { where: "rollout rollback", rolloutId: loaded.rollout.id, clientId });
    return;
  }
  await db.$transaction((tx) =>
    appendAudit(tx, {
      actor: SYSTEM,
      action: "rollout.rollback",
      entityType: "Rollout",
      entityId: loaded.rollout.id,
      clientId,
      after: { alarms, stackId: target.client.stackId, requestId: target.requestId },
    }),
  );
}

function snapshotOf(loaded: Loaded, now: Date, alarms = new Map<string, string[]>()): RolloutSnapshot {
  const clients: Record<string, ClientProgress> = {};
  for (const t of loaded.targets) {
    const request = t.requestId ? (loaded.requests.get(t.requestId) ?? null) : null;
    clients[t.clientId] = runStateOf(
      { state: t.state, request, clientStatus: t.client.status, finishedAt: t.finishedAt, alarms: alarms.get(t.clientId) },
      now,
    );
  }
  return {
    state: runStateOfRollout(loaded.rollout.state),
    waves: loaded.waves,
    clients,
    names: Object.fromEntries(loaded.targets.map((t) => [t.clientId, t.client.displayName])),
  };
}

/**
 * Releases one client: its request becomes APPROVED by the rollout's approvers, each approval
 * bound to the digest of what the executor will send, with its change-log entry — unless the
 * client moved on meanwhile (another change, a new revision), which skips it with the reason.
 */
async function release(rollout: Loaded["rollout"], approvers: Approvers, targetId: string): Promise<"released" | "skipped" | "lost"> {
  return db.$transaction(async (tx) => {
    const target = await tx.rolloutTarget.findUnique({ where: { id: targetId } });
    if (!target || target.state !== "READY" || !target.requestId) return "lost";
    const claimed = await tx.rolloutTarget.updateMany({
      where: { id: target.id, state: "READY" },
      data: { state: "RELEASED", releasedAt: new Date() },
    });
    if (claimed.count !== 1) return "lost";
    const request = await tx.changeRequest.findUniqueOrThrow({ where: { id: target.requestId }, include: deploymentInclude });
    const moved =
      request.state !== "PENDING" ||
      request.baseRevisionId !== request.client.currentRevisionId ||
      request.client.currentRevision?.sha256 !== target.baseSha ||
      request.revision?.sha256 !== target.newSha ||
      request.changeSetId !== target.changeSetId;
    if (moved) {
      const reason = "Its revision moved: another change reached this client after the rollout was approved.";
      await tx.rolloutTarget.update({ where: { id: target.id }, data: { state: "SKIPPED", reason } });
      if (request.state === "PENDING")
        await tx.changeRequest.update({ where: { id: request.id }, data: { state: "CANCELLED", version: { increment: 1 } } });
      await appendAudit(tx, {
        actor: SYSTEM,
        action: "rollout.skip",
        entityType: "Rollout",
        entityId: rollout.id,
        clientId: target.clientId,
        before: { state: "READY" },
        after: { state: "SKIPPED", reason },
      });
      return "skipped";
    }
    const digest = digestOf(request);
    let count = 0;
    for (const a of approvers) {
      count++;
      await tx.approval.create({
        data: {
          requestId: request.id,
          approverId: a.approverId,
          comment: a.comment,
          revisionSha: digest,
          changeSetId: request.changeSetId,
        },
      });
      await appendAudit(tx, {
        actor: { id: a.approverId, label: a.approver.email },
        action: "request.approve",
        entityType: "ChangeRequest",
        entityId: request.id,
        clientId: request.clientId,
        via: `rollout:${rollout.id}`,
        before: { state: "PENDING", approvals: count - 1 },
        after: {
          state: count >= request.requiredApprovals ? "APPROVED" : "PENDING",
          approvals: count,
          required: request.requiredApprovals,
          revisionSha: digest,
          changeSetId: request.changeSetId,
          comment: a.comment,
          rollout: rollout.id,
          manifestHash: a.manifestHash,
        },
      });
    }
    await tx.changeRequest.update({ where: { id: request.id }, data: { state: "APPROVED", version: { increment: 1 } } });
    await appendAudit(tx, {
      actor: SYSTEM,
      action: "rollout.release",
      entityType: "Rollout",
      entityId: rollout.id,
      clientId: request.clientId,
      after: { requestId: request.id, wave: target.wave, approvals: count },
    });
    await notifyRequest(tx, "request.approved", request.id);
    return "released";
  });
}

/** Halts the running rollout; false when it was no longer running (another step halted it first). */
async function halt(rollout: Loaded["rollout"], message: string, detail: Record<string, unknown>): Promise<boolean> {
  return db.$transaction(async (tx) => {
    const moved = await tx.rollout.updateMany({
      where: { id: rollout.id, state: "RUNNING" },
      data: { state: "HALTED", haltReason: message, version: { increment: 1 } },
    });
    if (moved.count !== 1) return false;
    await appendAudit(tx, {
      actor: SYSTEM,
      action: "rollout.halt",
      entityType: "Rollout",
      entityId: rollout.id,
      before: { state: "RUNNING" },
      after: { state: "HALTED", reason: message, ...detail },
    });
    await notifyRollout(tx, "rollout.halted", rollout.id);
    return true;
  });
}

async function finish(rollout: Loaded["rollout"], loaded: Loaded): Promise<void> {
  const updated = loaded.targets.filter((t) => t.state === "DONE" && loaded.requests.get(t.requestId ?? "")?.state === "SUCCEEDED").length;
  const skipped = loaded.targets.filter((t) => t.state === "SKIPPED").length;
  await db.$transaction(async (tx) => {
    const moved = await tx.rollout.updateMany({
      where: { id: rollout.id, state: "RUNNING" },
      data: { state: "FINISHED", finishedAt: new Date(), version: { increment: 1 } },
    });
    if (moved.count !== 1) return;
    await appendAudit(tx, {
      actor: SYSTEM,
      action: "rollout.finish",
      entityType: "Rollout",
      entityId: rollout.id,
      before: { state: "RUNNING" },
      after: { state: "FINISHED", updated, skipped },
    });
    await notifyRollout(tx, "rollout.finished", rollout.id);
  });
}

/** One step of a RUNNING rollout at `now`. Returns what it did, for tests and the benchmark. */
export async function runStep(rolloutId: string, now = new Date()): Promise<{ released: number; step: string }> {
  const loaded = await loadRunning(rolloutId);
  if (!loaded) return { released: 0, step: "idle" };
  // Clients in flight finish whatever the rollout's state: a halt or pause lets them end, and records how.
  await recordFinished(loaded);
  if (loaded.rollout.state !== "RUNNING") return { released: 0, step: "idle" };
  // What runs must be what was approved: the manifest as the rows say now, and enough approvals of
  // it that each have their change-log entry. Rows edited or inserted by SQL halt the rollout.
  // The approvals counted here are the ones this step's releases record on each client's request.
  const integrity = await db.$transaction(async (tx) => {
    if ((await currentManifestHash(tx, rolloutId)) !== loaded.rollout.manifestHash)
      return { problem: "The rollout's clients no longer match the approved manifest", approvers: [] };
    const valid = await validRolloutApprovals(tx, loaded.rollout);
    return {
      problem:
        valid.length >= loaded.rollout.requiredApprovals
          ? null
          : `The rollout has ${valid.length} of ${loaded.rollout.requiredApprovals} valid approvals of its manifest (an approval without its change-log entry does not count)`,
      approvers: valid,
    };
  });
  if (integrity.problem) {
    await halt(loaded.rollout, integrity.problem, { kind: "integrity" });
    return { released: 0, step: "halt" };
  }
  let alarms: Alarms;
  try {
    alarms = await firingAlarms(loaded, snapshotOf(loaded, now), now);
  } catch (error) {
    // CloudWatch unreachable: nothing new starts this pass (no step can be judged safe), nothing halts.
    logUnexpected(error, { where: "rollout alarms", rolloutId });
    return { released: 0, step: "alarms unknown" };
  }
  const step = nextStep(snapshotOf(loaded, now, alarms.firing), now);
  if (step.kind === "halt") {
    const { message, ...detail } = step.reason;
    const halted = await halt(loaded.rollout, message, detail);
    if (halted)
      for (const [clientId, names] of alarms.firing) if (alarms.untriggered.has(clientId)) await rollBack(loaded, clientId, names);
    return { released: 0, step: "halt" };
  }
  if (step.kind === "finish") {
    await finish(loaded.rollout, loaded);
    return { released: 0, step: "finish" };
  }
  if (step.kind !== "run") return { released: 0, step: step.kind };
  const byClient = new Map(loaded.targets.map((t) => [t.clientId, t]));
  const ids = step.start.flatMap((clientId) => (byClient.has(clientId) ? [byClient.get(clientId)!.id] : []));
  const outcomes = await each(ids, (id) => release(loaded.rollout, integrity.approvers, id));
  return { released: outcomes.filter((o) => o === "released").length, step: "run" };
}
