// The change-request life cycle. Pure: the writers in this folder consult it inside their
// transactions, and the UI uses it to decide which actions to offer.

export const KINDS = ["CREATE", "RESIZE", "REAPPLY", "DECOMMISSION", "RECOVER", "RECREATE"] as const;
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
export const isOpen = (state: string) => OPEN_STATES.includes(state as State);

export const KIND_LABELS: Record<Kind, string> = {
  CREATE: "Onboard",
  RESIZE: "Resize",
  REAPPLY: "Re-apply revision",
  DECOMMISSION: "Decommission",
  RECOVER: "Recover a stuck rollback",
  RECREATE: "Delete and recreate",
};

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
  if (request.kind === "RECOVER") return 1;
  if (request.kind === "DECOMMISSION") return approval.twoApproverProductionDecommission && request.environment === "production" ? 2 : 1;
  return approval.twoApproverSizes.includes(request.sizeId) ? 2 : 1;
}
