import "server-only";
import { db, type Tx } from "../db";
import { appendAudit } from "../audit/append";
import { authorize } from "../auth/policy";
import { assertGrantInEffect, grantProblem, grantSelect } from "../auth/grants";
import type { SessionUser } from "../auth/roles";
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from "../errors";
import { enqueue } from "../notify/enqueue";
import { requireBlueprint } from "../changes/proposal";
import { manifestHash } from "./manifest";
import { assignWaves, type PlanTarget } from "./plan";
import { chainLinkProblems } from "../audit/chain-entries";
import { MANIFEST_TARGETS, manifestOf } from "./prepare";
import { parseWavePlan, type Selection } from "./schemas";
import { countSelection } from "./select";
import { canMove, type RolloutState } from "./state";

// What people do to a rollout, each in one transaction with its change-log entry: create it,
// edit its waves, approve its manifest (four-eyes; two approvers when any client would need two),
// pause, resume, abort, skip or retry a client. Stale versions are refused, as for requests.

const STALE = "Someone else acted on this rollout at the same time. Reload to see the latest state.";
const actor = (user: SessionUser) => ({ id: user.id, label: user.email });

async function load(tx: Tx, rolloutId: string) {
  const rollout = await tx.rollout.findUnique({ where: { id: rolloutId } });
  if (!rollout) throw new NotFoundError("That rollout");
  return rollout;
}

function allow(user: SessionUser, action: Parameters<typeof authorize>[1], resource = {}) {
  const decision = authorize(user, action, resource);
  if (!decision.allowed) throw new ForbiddenError(decision.reason);
}

/** Moves the rollout from `expected` (its version) to `to`; zero rows changed means someone else moved it first. */
async function move(
  tx: Tx,
  rollout: { id: string; state: string },
  expected: number,
  to: RolloutState,
  data: Record<string, unknown> = {},
) {
  if (!canMove(rollout.state, to))
    throw new ConflictError(`This rollout is ${rollout.state.toLowerCase()}; it cannot be ${to.toLowerCase()} now.`);
  const moved = await tx.rollout.updateMany({
    where: { id: rollout.id, version: expected, state: rollout.state },
    data: { ...data, state: to, version: { increment: 1 } },
  });
  if (moved.count !== 1) throw new ConflictError(STALE);
}

export async function createRollout(user: SessionUser, input: { selection: Selection; reason?: string }) {
  allow(user, "rollout:create");
  const blueprint = requireBlueprint(input.selection.blueprintId);
  const count = await countSelection(input.selection, user);
  if (count === 0)
    throw new ValidationError(
      { selection: ["No live client matches this selection: widen it, or check the version"] },
      "Nothing was prepared.",
    );
  return db.$transaction(async (tx) => {
    const rollout = await tx.rollout.create({
      data: {
        blueprintId: blueprint.id,
        toVersion: blueprint.version,
        selection: JSON.stringify(input.selection),
        state: "PREPARING",
        createdById: user.id,
        reason: input.reason ?? null,
      },
    });
    await appendAudit(tx, {
      actor: actor(user),
      action: "rollout.create",
      entityType: "Rollout",
      entityId: rollout.id,
      after: {
        blueprintId: blueprint.id,
        toVersion: blueprint.version,
        selection: input.selection,
        matching: count,
        reason: input.reason ?? null,
      },
    });
    return rollout;
  });
}

/** The planned targets in plan order, for waves and manifests. */
async function plannedTargets(tx: Tx, rolloutId: string) {
  return tx.rolloutTarget.findMany({
    where: { rolloutId, state: { in: ["READY", "RELEASED", "DONE"] } },
    include: { client: { select: { displayName: true, environment: true, currentRevision: { select: { sha256: true } } } } },
    orderBy: { position: "asc" },
  });
}

/** Replaces the wave plan before approval; a changed plan needs approving as it is now. */
export async function editWaves(user: SessionUser, input: { rolloutId: string; version: number; waves: unknown }) {
  allow(user, "rollout:control");
  return db.$transaction(async (tx) => {
    const rollout = await load(tx, input.rolloutId);
    if (rollout.version !== input.version) throw new ConflictError(STALE);
    if (rollout.state !== "REVIEW") throw new ConflictError("The waves can be changed only before the rollout is approved.");
    const targets = await plannedTargets(tx, rollout.id);
    const specs = parseWavePlan(input.waves, targets.length);
    const planTargets: PlanTarget[] = targets.map((t) => ({
      clientId: t.clientId,
      name: t.client.displayName,
      environment: t.client.environment as PlanTarget["environment"],
    }));
    const waves = assignWaves(planTargets, specs);
    const moved = await tx.rollout.updateMany({
      where: { id: rollout.id, version: input.version },
      data: { waves: JSON.stringify(waves), version: { increment: 1 } },
    });
    if (moved.count !== 1) throw new ConflictError(STALE);
    for (const wave of waves) {
      await tx.rolloutTarget.updateMany({ where: { rolloutId: rollout.id, clientId: { in: wave.clientIds } }, data: { wave: wave.index } });
    }
    await appendAudit(tx, {
      actor: actor(user),
      action: "rollout.plan",
      entityType: "Rollout",
      entityId: rollout.id,
      before: { waves: rollout.waves ? (JSON.parse(rollout.waves) as { count: number }[]).map((w) => w.count) : null },
      after: {
        waves: specs.map((s) => s.count),
        concurrency: specs.map((s) => s.maxConcurrency),
        bakeMinutes: specs.map((s) => s.bakeMinutes),
      },
    });
    return waves;
  });
}

/** The hash of the manifest as the rollout's target rows say now. */
export async function currentManifestHash(tx: Tx, rolloutId: string): Promise<string | null> {
  const listed = await tx.rolloutTarget.findMany({ where: { rolloutId, ...MANIFEST_TARGETS } });
  return listed.length ? manifestHash(manifestOf(listed)) : null;
}

/**
 * Approvals of the rollout's current manifest by distinct engineers in effect, never its creator,
 * each with its rollout.approve entry in the change log (of this manifest, by that person, a link
 * of the hash chain): a row inserted by SQL does not count. `pendingApproverId`'s entry is being
 * written in the caller's transaction.
 */
export async function validRolloutApprovals(
  tx: Tx,
  rollout: { id: string; createdById: string; manifestHash: string | null },
  options: { pendingApproverId?: string } = {},
) {
  if (!rollout.manifestHash) return [];
  const approvals = await tx.rolloutApproval.findMany({
    where: {
      rolloutId: rollout.id,
      manifestHash: rollout.manifestHash,
      approverId: { not: rollout.createdById },
      approver: { disabled: false, role: "ENGINEER" },
    },
    include: { approver: { select: { id: true, email: true, name: true, role: true, ...grantSelect } } },
    orderBy: { createdAt: "asc" },
  });
  const entries = await tx.auditEntry.findMany({
    where: { entityType: "Rollout", entityId: rollout.id, action: "rollout.approve", actorId: { in: approvals.map((a) => a.approverId) } },
    orderBy: { seq: "desc" },
  });
  const entryOf = new Map<string, (typeof entries)[number]>();
  for (const e of entries) {
    const after = e.after ? (JSON.parse(e.after) as { manifestHash?: string }) : {};
    if (e.actorId && !entryOf.has(e.actorId) && after.manifestHash === rollout.manifestHash) entryOf.set(e.actorId, e);
  }
  const links = await chainLinkProblems(tx, [...entryOf.values()]);
  const out: typeof approvals = [];
  for (const a of approvals) {
    if (out.some((o) => o.approverId === a.approverId)) continue;
    if (a.approverId !== options.pendingApproverId) {
      const entry = entryOf.get(a.approverId);
      if (!entry || links.get(entry.seq)) continue;
    }
    if ((await grantProblem(tx, a.approver)) === null) out.push(a);
  }
  return out;
}

/**
 * An engineer approves the manifest they reviewed. `manifestHash` is the one their page showed:
 * if the rollout was re-prepared meanwhile, or a client's revision moved, it no longer matches and
 * nothing is written. Enough approvals start the rollout.
 */
export async function approveRollout(
  user: SessionUser,
  input: { rolloutId: string; version: number; manifestHash: string; comment?: string },
) {
  return db.$transaction(async (tx) => {
    const rollout = await load(tx, input.rolloutId);
    allow(user, "rollout:approve", { requesterId: rollout.createdById });
    await assertGrantInEffect(tx, user.id);
    if (rollout.state !== "REVIEW") throw new ConflictError(`This rollout is ${rollout.state.toLowerCase()}, not waiting for approval.`);
    const targets = await plannedTargets(tx, rollout.id);
    if (targets.length === 0) throw new ConflictError("No client can take part in this rollout, so there is nothing to approve.");
    const moved = targets.filter((t) => t.state === "READY" && t.client.currentRevision?.sha256 !== t.baseSha);
    const current = await currentManifestHash(tx, rollout.id);
    if (input.manifestHash !== rollout.manifestHash || current !== rollout.manifestHash || moved.length > 0) {
      throw new ValidationError(
        {
          manifestHash: [
            moved.length
              ? `The revision of ${moved.map((t) => t.client.displayName).join(", ")} moved since this rollout was prepared: skip ${moved.length === 1 ? "it" : "them"} or prepare the rollout again`
              : "The rollout changed since you opened it: review what it deploys now, then approve",
          ],
        },
        "Nothing was approved.",
      );
    }
    if (rollout.version !== input.version) throw new ConflictError(STALE);
    const already = await tx.rolloutApproval.findFirst({ where: { rolloutId: rollout.id, approverId: user.id, manifestHash: current } });
    if (already) throw new ConflictError("You have approved this manifest already; a second engineer must approve it too.");
    await tx.rolloutApproval.create({
      data: { rolloutId: rollout.id, approverId: user.id, manifestHash: current, comment: input.comment ?? null },
    });
    // This approval's change-log entry is written below, in this transaction.
    const valid = await validRolloutApprovals(tx, rollout, { pendingApproverId: user.id });
    const approved = valid.length >= rollout.requiredApprovals;
    if (approved) await move(tx, rollout, input.version, "RUNNING", { startedAt: rollout.startedAt ?? new Date(), haltReason: null });
    else {
      const bumped = await tx.rollout.updateMany({
        where: { id: rollout.id, version: input.version },
        data: { version: { increment: 1 } },
      });
      if (bumped.count !== 1) throw new ConflictError(STALE);
    }
    await appendAudit(tx, {
      actor: actor(user),
      action: "rollout.approve",
      entityType: "Rollout",
      entityId: rollout.id,
      before: { state: "REVIEW", approvals: valid.length - 1 },
      after: {
        state: approved ? "RUNNING" : "REVIEW",
        approvals: valid.length,
        required: rollout.requiredApprovals,
        manifestHash: current,
        clients: targets.length,
        comment: input.comment ?? null,
      },
    });
    if (approved) await notifyRollout(tx, "rollout.started", rollout.id);
    return { approved, approvals: valid.length, required: rollout.requiredApprovals };
  });
}

/** The webhook payload of a rollout event. */
export async function notifyRollout(tx: Tx, event: "rollout.started" | "rollout.halted" | "rollout.finished", rolloutId: string) {
  await enqueue(tx, event, async () => {
    const r = await tx.rollout.findUniqueOrThrow({ where: { id: rolloutId } });
    const counts = await tx.rolloutTarget.groupBy({ by: ["state"], where: { rolloutId }, _count: { _all: true } });
    return {
      rollout: { id: r.id, blueprintId: r.blueprintId, toVersion: r.toVersion, state: r.state, haltReason: r.haltReason },
      targets: Object.fromEntries(counts.map((c) => [c.state, c._count._all])),
    };
  });
}

type Control = "pause" | "resume" | "abort";
const CONTROL: Record<Control, { to: RolloutState; action: "rollout.pause" | "rollout.resume" | "rollout.abort" }> = {
  pause: { to: "PAUSED", action: "rollout.pause" },
  resume: { to: "RUNNING", action: "rollout.resume" },
  abort: { to: "ABORTED", action: "rollout.abort" },
};

/**
 * Pause (nothing new starts), resume (from paused or halted: the halt's cause is looked at again
 * on the next pass), abort (nothing new starts, clients already updated stay so, the requests not
 * released are cancelled).
 */
export async function controlRollout(user: SessionUser, input: { rolloutId: string; version: number; control: Control; reason?: string }) {
  allow(user, "rollout:control");
  const { to, action } = CONTROL[input.control];
  return db.$transaction(async (tx) => {
    const rollout = await load(tx, input.rolloutId);
    if (rollout.version !== input.version) throw new ConflictError(STALE);
    await move(tx, rollout, input.version, to, {
      ...(to === "RUNNING" ? { haltReason: null } : {}),
      ...(to === "ABORTED" ? { finishedAt: new Date() } : {}),
    });
    let cancelled = 0;
    if (to === "ABORTED") {
      const open = await tx.rolloutTarget.findMany({
        where: { rolloutId: rollout.id, state: { in: ["PREPARING", "READY"] }, requestId: { not: null } },
        select: { requestId: true },
      });
      cancelled = (
        await tx.changeRequest.updateMany({
          where: { id: { in: open.map((t) => t.requestId!) }, state: "PENDING" },
          data: { state: "CANCELLED", version: { increment: 1 } },
        })
      ).count;
    }
    await appendAudit(tx, {
      actor: actor(user),
      action,
      entityType: "Rollout",
      entityId: rollout.id,
      before: { state: rollout.state, haltReason: rollout.haltReason },
      after: { state: to, reason: input.reason ?? null, ...(to === "ABORTED" ? { requestsCancelled: cancelled } : {}) },
    });
    if (to === "ABORTED") await notifyRollout(tx, "rollout.finished", rollout.id);
  });
}

/** Takes one client out of the rollout, with the reason; its request, if not begun, is cancelled. */
export async function skipTarget(user: SessionUser, input: { rolloutId: string; targetId: string; reason: string }) {
  allow(user, "rollout:control");
  return db.$transaction(async (tx) => {
    const rollout = await load(tx, input.rolloutId);
    if (rollout.state === "FINISHED" || rollout.state === "ABORTED")
      throw new ConflictError(`This rollout is ${rollout.state.toLowerCase()}.`);
    const target = await tx.rolloutTarget.findFirst({ where: { id: input.targetId, rolloutId: rollout.id }, include: { client: true } });
    if (!target) throw new NotFoundError("That client of the rollout");
    const request = target.requestId ? await tx.changeRequest.findUnique({ where: { id: target.requestId } }) : null;
    // Not while it is being updated; a finished one (failed, or halting the rollout with an alarm) may be.
    const skippable = ["PREPARING", "READY", "DONE"].includes(target.state);
    if (!skippable)
      throw new ConflictError(
        target.state === "RELEASED"
          ? `${target.client.displayName} is being updated; it can be skipped only before it starts or after it failed.`
          : `${target.client.displayName} cannot be skipped now.`,
      );
    // Before approval the skipped client leaves the manifest (a new hash: approvals start again);
    // after it, the approved manifest stands and the client's work is simply not done.
    const beforeApproval = rollout.state === "PREPARING" || rollout.state === "REVIEW";
    await tx.rolloutTarget.update({
      where: { id: target.id },
      data: { state: "SKIPPED", reason: input.reason, ...(beforeApproval ? { baseSha: null, newSha: null, changeSetId: null } : {}) },
    });
    let newHash: string | null | undefined;
    if (rollout.state === "REVIEW") {
      newHash = await currentManifestHash(tx, rollout.id);
      await tx.rollout.update({ where: { id: rollout.id }, data: { manifestHash: newHash, version: { increment: 1 } } });
    }
    if (request?.state === "PENDING")
      await tx.changeRequest.update({ where: { id: request.id }, data: { state: "CANCELLED", version: { increment: 1 } } });
    await appendAudit(tx, {
      actor: actor(user),
      action: "rollout.skip",
      entityType: "Rollout",
      entityId: rollout.id,
      clientId: target.clientId,
      before: { client: target.client.displayName, state: target.state },
      after: { state: "SKIPPED", reason: input.reason, ...(newHash !== undefined ? { manifestHash: newHash } : {}) },
    });
  });
}

/**
 * Tries a failed client again: a new update request and change set, so the rollout goes back to
 * preparation and then to review. The new manifest needs approving; the clients already updated stay so.
 */
export async function retryTarget(user: SessionUser, input: { rolloutId: string; targetId: string }) {
  allow(user, "rollout:control");
  return db.$transaction(async (tx) => {
    const rollout = await load(tx, input.rolloutId);
    const target = await tx.rolloutTarget.findFirst({ where: { id: input.targetId, rolloutId: rollout.id }, include: { client: true } });
    if (!target) throw new NotFoundError("That client of the rollout");
    const request = target.requestId ? await tx.changeRequest.findUnique({ where: { id: target.requestId } }) : null;
    if (target.state !== "DONE" || request?.state === "SUCCEEDED")
      throw new ConflictError(`Only a client whose update failed can be retried; ${target.client.displayName} has not failed.`);
    if (!canMove(rollout.state, "PREPARING")) throw new ConflictError(`This rollout is ${rollout.state.toLowerCase()}.`);
    await tx.rolloutTarget.update({
      where: { id: target.id },
      data: {
        state: "PREPARING",
        requestId: null,
        reason: null,
        baseSha: null,
        newSha: null,
        changeSetId: null,
        finishedAt: null,
        releasedAt: null,
      },
    });
    await move(tx, rollout, rollout.version, "PREPARING", { haltReason: null });
    await appendAudit(tx, {
      actor: actor(user),
      action: "rollout.retry",
      entityType: "Rollout",
      entityId: rollout.id,
      clientId: target.clientId,
      before: { client: target.client.displayName, state: rollout.state, failedRequestId: target.requestId },
      after: { state: "PREPARING" },
    });
  });
}
