// The change-request life cycle. Pure: the writers in this folder consult it inside their
// transactions, and the UI uses it to decide which actions to offer.

export const KINDS = ["CREATE", "RESIZE", "UPDATE", "REAPPLY", "DECOMMISSION", "RECOVER", "RECREATE"] as const;
export type Kind = (typeof KINDS)[number];

export const STATES = ["PENDING", "APPROVED", "REJECTED", "CANCELLED", "EXECUTING", "SUCCEEDED", "FAILED"] as const;
export type State = (typeof STATES)[number];

const TRANSITIONS: Record<State, readonly State[]> = {
  PENDING: ["APPROVED", "REJECTED", "CANCELLED"],
  // An approved request goes back to review when what was approved changes (re-render).
  APPROVED: ["EXECUTING", "CANCELLED", "PENDING"],
  EXECUTING: ["SUCCEEDED", "FAILED"],
  REJECTED: [],
  CANCELLED: [],
  SUCCEEDED: [],
  FAILED: [],
};

export function canTransition(from: string, to: State): boolean {
  return (TRANSITIONS[from as State] ?? []).includes(to);
}

export const OPEN_STATES: readonly State[] = ["PENDING", "APPROVED", "EXECUTING"];

/** What the executor runs for each kind of request (lib/tracker/start.ts sends the calls). */
export const OPERATION_KINDS = ["CREATE", "UPDATE", "DELETE", "CONTINUE_ROLLBACK", "RECREATE"] as const;
export type OperationKind = (typeof OPERATION_KINDS)[number];

const OPERATION_FOR: Record<Kind, OperationKind> = {
  CREATE: "CREATE",
  RESIZE: "UPDATE",
  UPDATE: "UPDATE",
  REAPPLY: "UPDATE",
  DECOMMISSION: "DELETE",
  RECOVER: "CONTINUE_ROLLBACK",
  RECREATE: "RECREATE",
};

export function operationKindOf(kind: Kind): OperationKind {
  return OPERATION_FOR[kind];
}

/**
 * Kinds that change a live stack through a CloudFormation change set: reviewers see its
 * resource-level preview, and the executor runs exactly the approved one.
 */
export function usesChangeSet(kind: string): boolean {
  return OPERATION_FOR[kind as Kind] === "UPDATE";
}

/** The request kinds that go through a change set (for database filters). */
export const CHANGE_SET_KINDS: readonly Kind[] = KINDS.filter(usesChangeSet);

export const KIND_LABELS: Record<Kind, string> = {
  CREATE: "Onboard",
  RESIZE: "Resize",
  UPDATE: "Update",
  REAPPLY: "Re-apply revision",
  DECOMMISSION: "Decommission",
  RECOVER: "Recover a stuck rollback",
  RECREATE: "Delete and recreate",
};

/** Kinds rendered from the current blueprint for a live client, which a re-render brings up to date. */
export const RERENDERED_KINDS: readonly Kind[] = ["RESIZE", "UPDATE"];

/** The guided recovery a stack's status calls for: continue a stuck rollback, or delete and recreate a failed launch. */
export function recoveryFor(stackStatus: string | null): "continue-rollback" | "recreate" | null {
  if (stackStatus === "UPDATE_ROLLBACK_FAILED") return "continue-rollback";
  if (stackStatus === "ROLLBACK_COMPLETE") return "recreate";
  return null;
}

/** How many distinct engineers must approve (the blueprint decides; see blueprint.yaml). */
export function requiredApprovals(
  approval: { twoApproverSizes: string[]; twoApproverProductionDecommission: boolean },
  request: { kind: Kind; sizeId: string; environment: string },
): number {
  if (request.kind === "DECOMMISSION") return approval.twoApproverProductionDecommission && request.environment === "production" ? 2 : 1;
  return approval.twoApproverSizes.includes(request.sizeId) ? 2 : 1;
}
