import { can, authorizeRerender } from "../auth/policy";
import type { SessionUser } from "../auth/roles";
import type { ChangeSetSummary } from "../tracker/changesets";
import { entriesBetween, type Blueprint } from "../catalog";
import { revisionVersion } from "./update-plan";
import { scheduleSentence } from "../maintenance/window";
import { revisionDiff, type RevisionLike } from "./revision-diff";
import { canTransition, RERENDERED_KINDS, usesChangeSet, type Kind } from "./state-machine";

// What the review page shows and offers for one request, decided here so the page only draws
// it. Pure: the same rules the writers enforce (decide.ts, rerender.ts), asked ahead of time.

export interface RequestForView {
  kind: string;
  state: string;
  requesterId: string;
  baseRevisionId: string | null;
  fromSizeId: string | null;
  toSizeId: string | null;
  changeSetId: string | null;
  changeSetSummary: string | null;
  /** Part of a fleet rollout: decided on the rollout's page, not here. */
  rolloutId?: string | null;
  client: { currentRevisionId: string | null };
  approvals: { voided: boolean }[];
  baseRevision: RevisionLike | null;
  revision: RevisionLike | null;
}

export function requestPageModel(request: RequestForView, user: SessionUser) {
  // The client moved on since the request was made: it must be re-rendered before anyone approves.
  const stale = Boolean(
    request.baseRevisionId && request.baseRevisionId !== request.client.currentRevisionId && request.state === "PENDING",
  );
  const changeSet = usesChangeSet(request.kind);
  const awaitingChangeSet = request.state === "PENDING" && changeSet && !request.changeSetId;
  return {
    stale,
    diff: revisionDiff(request.baseRevision, request.revision),
    validApprovals: request.approvals.filter((a) => !a.voided).length,
    mayDecide:
      request.state === "PENDING" && !stale && !request.rolloutId && can(user, "change:approve", { requesterId: request.requesterId }),
    mayCancel:
      canTransition(request.state, "CANCELLED") && !request.rolloutId && can(user, "change:cancel", { requesterId: request.requesterId }),
    mayRerender: stale && RERENDERED_KINDS.includes(request.kind as Kind) && authorizeRerender(user, request).allowed,
    ownRequestWaiting: request.state === "PENDING" && user.id === request.requesterId,
    /** Something is about to happen without anyone acting: the page refreshes itself. */
    awaitingWork: request.state === "APPROVED" || request.state === "EXECUTING" || awaitingChangeSet,
    /** The kind changes a live stack through a change set: the page shows its preview. */
    showsChangeSet: changeSet,
    changeSet: request.changeSetSummary ? (JSON.parse(request.changeSetSummary) as ChangeSetSummary) : null,
    target:
      request.kind === "DECOMMISSION"
        ? "delete the stack"
        : request.kind === "UPDATE"
          ? `update, size stays ${request.toSizeId ?? ""}`
          : request.toSizeId
            ? `${request.fromSizeId ? `${request.fromSizeId} → ` : ""}${request.toSizeId}`
            : "",
  };
}

/**
 * The blueprint versions a request moves the client between (its live revision's → the proposed
 * revision's) and the changelog entries that brings; null when the version stays the same.
 */
export function versionChange(
  request: {
    baseRevision: { blueprintVersion: string | null } | null;
    revision: { blueprintVersion: string | null } | null;
  },
  blueprint: Pick<Blueprint, "changelog"> | undefined,
) {
  if (!request.baseRevision || !request.revision) return null;
  const from = revisionVersion(request.baseRevision);
  const to = revisionVersion(request.revision);
  if (from === to) return null;
  return { from, to, entries: blueprint ? entriesBetween(blueprint.changelog, from, to) : [] };
}

/**
 * A disruptive change waiting for the client's maintenance window: the sentence the page shows
 * ("Scheduled for Sun 7 Dec, 02:00 AEDT (in 5 days)"), and whether this person may run it now.
 */
export function scheduleView(
  request: { state: string; requesterId: string; scheduledFor: Date | null; scheduledUntil: Date | null },
  timeZone: string,
  user: SessionUser,
  now: Date,
) {
  if (request.state !== "APPROVED" || !request.scheduledFor || !request.scheduledUntil) return null;
  return {
    sentence: scheduleSentence(request.scheduledFor, timeZone, now),
    mayRunNow: can(user, "change:approve", { requesterId: request.requesterId }),
  };
}
