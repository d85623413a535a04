// The client's life cycle: what its status is while a request waits, while an operation runs,
// and after it ends. Pure; the writers in lib/changes and lib/tracker ask here, and the badge
// tones are keyed by this union, so a status without a tone is a compile error.
import type { OperationKind } from "../changes/state-machine";

export const CLIENT_STATUSES = [
  /** Onboarding submitted, waiting for review. */
  "PENDING",
  /** Onboarding rejected or cancelled before anything was launched: the name may be submitted again. */
  "REJECTED",
  "CANCELLED",
  /** An operation is running: a create (or recreate), an update, a delete. */
  "PROVISIONING",
  "UPDATING",
  "DECOMMISSIONING",
  /** Live and as approved. */
  "ACTIVE",
  /** Live, but verification found it differs from what was approved. */
  "DEGRADED",
  /** A launch failed, or a stack is stuck and needs people. */
  "FAILED",
  /** The stack was deleted. */
  "DECOMMISSIONED",
] as const;
export type ClientStatus = (typeof CLIENT_STATUSES)[number];

/** An operation is running for clients in these statuses. */
export const IN_FLIGHT_STATUSES: readonly ClientStatus[] = ["PROVISIONING", "UPDATING", "DECOMMISSIONING"];
/** What needs someone, most urgent first: a failed launch or stuck stack before a degraded one. */
export const ATTENTION_STATUSES: readonly ClientStatus[] = ["FAILED", "DEGRADED"];
/** Live stacks a scheduled drift check looks at. */
export const LIVE_STATUSES: readonly ClientStatus[] = ["ACTIVE", "DEGRADED"];

/** Onboarding that never launched and was turned down: its name can be submitted again. */
export function isReusableOnboarding(client: { status: string; currentRevisionId: string | null }): boolean {
  return !client.currentRevisionId && (client.status === "REJECTED" || client.status === "CANCELLED");
}

/** The status while an operation of this kind runs. */
export function statusOnStart(kind: OperationKind): ClientStatus {
  if (kind === "DELETE") return "DECOMMISSIONING";
  if (kind === "CREATE" || kind === "RECREATE") return "PROVISIONING";
  return "UPDATING";
}

export type OperationOutcome =
  /** CloudFormation reached the operation's success status; `degraded` when verification found a difference. */
  | { kind: OperationKind; result: "succeeded"; degraded: boolean }
  /** It ended in another terminal status (`stackStatus`). */
  | { kind: OperationKind; result: "failed"; stackStatus: string }
  /** CloudFormation refused to start it: nothing changed in the stack. */
  | { kind: OperationKind; result: "refused" };

/** The status once an operation has ended. */
export function statusAfter(outcome: OperationOutcome): ClientStatus {
  const { kind } = outcome;
  switch (outcome.result) {
    case "succeeded":
      if (kind === "DELETE") return "DECOMMISSIONED";
      if (kind === "CONTINUE_ROLLBACK") return "ACTIVE";
      return outcome.degraded ? "DEGRADED" : "ACTIVE";
    case "failed":
      // A failed update rolled back to the old revision; a failed create or a stuck rollback needs people.
      return kind === "UPDATE" && outcome.stackStatus === "UPDATE_ROLLBACK_COMPLETE" ? "ACTIVE" : "FAILED";
    case "refused":
      // The stack is as it was: a client that had no live stack (a create, or a recreate of a
      // rolled-back launch) is still failed; one that had is still live.
      return kind === "CREATE" || kind === "RECREATE" ? "FAILED" : "ACTIVE";
  }
}

/** The badge tone of each client status (components/ui/badge.tsx); the fleet chart colours follow it. */
export type StatusTone = "neutral" | "info" | "success" | "warning" | "danger";
export const CLIENT_STATUS_TONES: Record<ClientStatus, StatusTone> = {
  PENDING: "info",
  REJECTED: "danger",
  CANCELLED: "neutral",
  PROVISIONING: "info",
  UPDATING: "info",
  DECOMMISSIONING: "info",
  ACTIVE: "success",
  DEGRADED: "warning",
  FAILED: "danger",
  DECOMMISSIONED: "neutral",
};
