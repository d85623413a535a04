import "server-only";
import { randomUUID } from "node:crypto";
import { db } from "../db";
import { appendAudit } from "../audit/append";
import { getBlueprint } from "../catalog";
import { IN_FLIGHT_STATUSES, type ClientStatus } from "../clients/status";
import { liveClient } from "../changes/request-row";
import { writeUpdate } from "../changes/request-update";
import { OPEN_STATES, KIND_LABELS, type Kind } from "../changes/state-machine";
import { ValidationError } from "../errors";
import { isUniqueViolation } from "../db/errors";
import type { SessionUser, Role } from "../auth/roles";
import { groupTargets, groupsSentence, type RolloutGroup } from "./group";
import { manifestHash, type ManifestEntry } from "./manifest";
import { assignWaves, defaultWaveSpecs, type PlanTarget, type Wave, type WaveSpec } from "./plan";
import { targetPreview } from "./preview";
import { selectionSchema } from "./schemas";
import { selectionWhere, UPDATABLE_STACK_STATUSES } from "./select";

// A rollout's preparation, one bounded step per worker pass: list the clients the selection
// matches (once), write each one's update request (rendered, guardrails run), wait for the change
// sets the pass creates a few at a time (ROLLOUT_CHANGE_SETS_PER_PASS), then group the targets,
// hash the manifest and draw the default waves: the rollout is ready for review. Clients that
// cannot take part are excluded with the reason, in a sentence.

const SYSTEM = { id: null, label: "rollout" };
const REQUESTS_PER_STEP = 25;

export interface StoredGroup extends RolloutGroup {
  /** The request whose diff the review shows for the group. */
  representativeRequestId: string;
}

/** The rollout's creator as the requester of its per-client requests. */
async function creatorOf(userId: string): Promise<SessionUser> {
  const u = await db.user.findUniqueOrThrow({ where: { id: userId }, select: { id: true, email: true, name: true, role: true } });
  return { id: u.id, email: u.email, name: u.name, role: u.role as Role };
}

/** Lists the targets once: every client the selection matches now, in one transaction. */
async function listTargets(rollout: { id: string; selection: string; createdById: string }): Promise<void> {
  const user = await creatorOf(rollout.createdById);
  const where = selectionWhere(selectionSchema.parse(JSON.parse(rollout.selection)), user);
  const clients = await db.client.findMany({ where, select: { id: true }, orderBy: { id: "asc" } });
  await db.$transaction(async (tx) => {
    if ((await tx.rolloutTarget.count({ where: { rolloutId: rollout.id } })) > 0) return;
    await tx.rolloutTarget.createMany({
      data: clients.map((c, position) => ({ rolloutId: rollout.id, clientId: c.id, state: "PREPARING", position })),
    });
  });
}

/** Why this client cannot take part right now, or null. */
async function exclusionOf(client: { id: string; status: string; stackStatus: string | null; stackId: string | null }) {
  if (!client.stackId) return "It has no stack yet.";
  if (IN_FLIGHT_STATUSES.includes(client.status as ClientStatus)) return "It is in the middle of an operation.";
  if (client.stackStatus && !(UPDATABLE_STACK_STATUSES as readonly string[]).includes(client.stackStatus))
    return `Its stack is ${client.stackStatus}, a status from which CloudFormation refuses updates.`;
  const open = await db.changeRequest.findFirst({
    where: { clientId: client.id, state: { in: [...OPEN_STATES] } },
    select: { kind: true, state: true },
  });
  if (open) return `It has another change open (${KIND_LABELS[open.kind as Kind].toLowerCase()}, ${open.state.toLowerCase()}).`;
  return null;
}

async function exclude(targetId: string, reason: string) {
  await db.rolloutTarget.updateMany({ where: { id: targetId, state: "PREPARING" }, data: { state: "EXCLUDED", reason } });
}

/** Writes the update request of each listed target that has none yet (a bounded batch). */
async function writeRequests(rollout: { id: string; createdById: string; reason: string | null }): Promise<void> {
  const user = await creatorOf(rollout.createdById);
  const targets = await db.rolloutTarget.findMany({
    where: { rolloutId: rollout.id, state: "PREPARING", requestId: null },
    include: { client: { select: { id: true, status: true, stackStatus: true, stackId: true } } },
    orderBy: { position: "asc" },
    take: REQUESTS_PER_STEP,
  });
  for (const target of targets) {
    const excluded = await exclusionOf(target.client);
    if (excluded) {
      await exclude(target.id, excluded);
      continue;
    }
    try {
      await db.$transaction(async (tx) => {
        const claimed = await tx.rolloutTarget.updateMany({
          where: { id: target.id, state: "PREPARING", requestId: null },
          data: { requestId: randomUUID() },
        });
        if (claimed.count !== 1) return;
        const { requestId } = await tx.rolloutTarget.findUniqueOrThrow({ where: { id: target.id }, select: { requestId: true } });
        const client = await liveClient(tx, target.clientId);
        await writeUpdate(tx, user, client, {
          requestId: requestId!,
          overrides: {},
          reason: rollout.reason ?? undefined,
          rolloutId: rollout.id,
        });
      });
    } catch (error) {
      if (error instanceof ValidationError) {
        const message = Object.values(error.fieldErrors).flat()[0] ?? error.message;
        await exclude(target.id, message.startsWith("Nothing would change") ? message : `The guardrails block it: ${message}`);
      } else if (isUniqueViolation(error)) {
        continue; // someone changed the client at this moment: the next pass tries again
      } else throw error;
    }
  }
}

/** Targets whose change set is ready become READY (with their manifest entry); a failed one is excluded. */
async function collectChangeSets(rolloutId: string): Promise<void> {
  const targets = await db.rolloutTarget.findMany({
    where: { rolloutId, state: "PREPARING", requestId: { not: null } },
    select: { id: true, requestId: true },
  });
  if (!targets.length) return;
  const requests = await db.changeRequest.findMany({
    where: { id: { in: targets.map((t) => t.requestId!) }, OR: [{ changeSetId: { not: null } }, { changeSetSummary: { not: null } }] },
    include: { revision: { select: { sha256: true } }, client: { select: { currentRevision: { select: { sha256: true } } } } },
  });
  const byId = new Map(requests.map((r) => [r.id, r]));
  for (const target of targets) {
    const request = byId.get(target.requestId!);
    if (!request) continue;
    const summary = JSON.parse(request.changeSetSummary ?? "{}") as { status?: string; reason?: string };
    await db.$transaction(async (tx) => {
      if (summary.status !== "CREATE_COMPLETE") {
        const reason = /didn't contain changes|no updates/i.test(summary.reason ?? "")
          ? "CloudFormation found nothing to change on its stack."
          : `${(summary.reason ?? `CloudFormation could not prepare its change set (${summary.status ?? "unknown status"})`).replace(/\.$/, "")}.`;
        await tx.rolloutTarget.updateMany({ where: { id: target.id, state: "PREPARING" }, data: { state: "EXCLUDED", reason } });
        await tx.changeRequest.updateMany({
          where: { id: request.id, state: "PENDING" },
          data: { state: "CANCELLED", version: { increment: 1 } },
        });
        return;
      }
      await tx.rolloutTarget.updateMany({
        where: { id: target.id, state: "PREPARING" },
        data: {
          state: "READY",
          baseSha: request.client.currentRevision?.sha256 ?? null,
          newSha: request.revision?.sha256 ?? null,
          changeSetId: request.changeSetId,
        },
      });
    });
  }
}

/**
 * The targets a manifest lists: every one prepared into it (a client skipped after approval keeps
 * its entry, since skipping only removes work; one skipped before approval leaves it).
 */
export const MANIFEST_TARGETS = { state: { in: ["READY", "RELEASED", "DONE", "SKIPPED"] }, newSha: { not: null } };

/** The manifest of a rollout's planned targets, from their rows. */
export function manifestOf(
  targets: readonly { clientId: string; baseSha: string | null; newSha: string | null; changeSetId: string | null }[],
) {
  return targets.map<ManifestEntry>((t) => ({
    clientId: t.clientId,
    baseSha256: t.baseSha ?? "",
    newSha256: t.newSha ?? "",
    changeSetId: t.changeSetId ?? "",
  }));
}

/** Every target prepared: groups, manifest, required approvals and (unless edited before) the default waves. */
async function finishPreparation(rollout: { id: string; version: number; blueprintId: string; waves: string | null }): Promise<void> {
  const blueprint = getBlueprint(rollout.blueprintId);
  const planned = await db.rolloutTarget.findMany({
    where: { rolloutId: rollout.id, state: { in: ["READY", "RELEASED", "DONE"] } },
    include: { client: { select: { displayName: true, environment: true } } },
    orderBy: { position: "asc" },
  });
  const ready = planned.filter((t) => t.state === "READY");
  const requests = await db.changeRequest.findMany({
    where: { id: { in: ready.map((t) => t.requestId!) } },
    include: { revision: true, client: { select: { currentRevision: true } } },
  });
  const previews = requests.flatMap((r) =>
    r.revision && r.client.currentRevision
      ? [
          {
            requestId: r.id,
            requiredApprovals: r.requiredApprovals,
            preview: targetPreview({
              clientId: r.clientId,
              base: r.client.currentRevision,
              next: r.revision,
              changeSetSummary: r.changeSetSummary,
              monthlyDeltaUsd: r.monthlyDeltaUsd,
            }),
          },
        ]
      : [],
  );
  const options = {
    perClientParameters: blueprint?.overrides.map((o) => o.parameter) ?? [],
    disruptiveParameters: blueprint?.disruptiveParameters ?? [],
  };
  const requestOf = new Map(previews.map((p) => [p.preview.clientId, p.requestId]));
  const groups: StoredGroup[] = groupTargets(
    previews.map((p) => p.preview),
    options,
  ).map((g) => ({ ...g, representativeRequestId: requestOf.get(g.representative.clientId)! }));
  const required = Math.max(1, ...previews.map((p) => p.requiredApprovals));
  const listed = await db.rolloutTarget.findMany({ where: { rolloutId: rollout.id, ...MANIFEST_TARGETS } });
  const hash = listed.length ? manifestHash(manifestOf(listed)) : null;
  const planTargets: PlanTarget[] = planned.map((t) => ({
    clientId: t.clientId,
    name: t.client.displayName,
    environment: t.client.environment as PlanTarget["environment"],
  }));
  // A plan edited before (or approved and partly run) keeps its wave specs when they still add up.
  const previous = rollout.waves ? (JSON.parse(rollout.waves) as Wave[]) : null;
  const specs: WaveSpec[] =
    previous && previous.reduce((n, w) => n + w.count, 0) === planned.length
      ? previous.map(({ count, maxConcurrency, bakeMinutes, tolerance }) => ({ count, maxConcurrency, bakeMinutes, tolerance }))
      : defaultWaveSpecs(planTargets);
  const waves = assignWaves(planTargets, specs);
  const excluded = await db.rolloutTarget.count({ where: { rolloutId: rollout.id, state: "EXCLUDED" } });
  await db.$transaction(async (tx) => {
    const moved = await tx.rollout.updateMany({
      where: { id: rollout.id, version: rollout.version, state: "PREPARING" },
      data: {
        state: "REVIEW",
        groups: JSON.stringify(groups),
        manifestHash: hash,
        requiredApprovals: required,
        monthlyDeltaUsd: Math.round(previews.reduce((s, p) => s + p.preview.monthlyCostDelta, 0) * 100) / 100,
        waves: JSON.stringify(waves),
        version: { increment: 1 },
      },
    });
    if (moved.count !== 1) return;
    for (const group of groups) {
      await tx.rolloutTarget.updateMany({
        where: { rolloutId: rollout.id, clientId: { in: group.clientIds } },
        data: { groupKey: group.key },
      });
    }
    for (const wave of waves) {
      await tx.rolloutTarget.updateMany({ where: { rolloutId: rollout.id, clientId: { in: wave.clientIds } }, data: { wave: wave.index } });
    }
    await appendAudit(tx, {
      actor: SYSTEM,
      action: "rollout.prepared",
      entityType: "Rollout",
      entityId: rollout.id,
      before: { state: "PREPARING" },
      after: {
        state: "REVIEW",
        targets: planned.length,
        excluded,
        groups: groupsSentence(groups),
        waves: waves.map((w) => w.clientIds.length),
        requiredApprovals: required,
        manifestHash: hash,
      },
    });
  });
}

/** One bounded step of a PREPARING rollout. */
export async function prepareStep(rolloutId: string): Promise<void> {
  const rollout = await db.rollout.findUnique({ where: { id: rolloutId } });
  if (!rollout || rollout.state !== "PREPARING") return;
  if ((await db.rolloutTarget.count({ where: { rolloutId } })) === 0) await listTargets(rollout);
  await writeRequests(rollout);
  await collectChangeSets(rolloutId);
  const left = await db.rolloutTarget.count({ where: { rolloutId, state: "PREPARING" } });
  if (left === 0) await finishPreparation(rollout);
}
