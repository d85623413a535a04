import { can } from "../auth/policy";
import type { SessionUser } from "../auth/roles";
import type { Blueprint } from "../catalog";
import { recoveryFor } from "../changes/state-machine";
import { effectiveOverrides, isBehind, revisionOverrides, revisionVersion, versionStep } from "../changes/update-plan";
import type { DriftFinding } from "../tracker/drift";
import type { LiveStatus } from "../tracker/queries";

// What the client page shows and offers, decided here so the page only draws it. Pure.

export interface ClientForView {
  status: string;
  stackStatus: string | null;
  currentRevisionId: string | null;
  driftReport: string | null;
  requests: { id: string; state: string }[];
  currentRevision?: { blueprintVersion: string | null; body: string; parameters: string } | null;
}

/** The blueprint version a client runs and what an update would bring: the client page's notice and form. */
export function blueprintVersionModel(client: Pick<ClientForView, "currentRevision">, blueprint: Blueprint | undefined) {
  if (!blueprint || !client.currentRevision) return null;
  const version = revisionVersion(client.currentRevision);
  const overrides = revisionOverrides(blueprint, client.currentRevision);
  const values = effectiveOverrides(blueprint, overrides);
  return {
    version,
    current: blueprint.version,
    behind: isBehind(blueprint, version),
    step: versionStep(blueprint, version),
    settings: blueprint.overrides.map((o) => ({
      parameter: o.parameter,
      label: o.label,
      description: o.description,
      values: o.values,
      value: values[o.parameter],
    })),
  };
}

export function clientPageModel(client: ClientForView, live: LiveStatus | null, blueprint: Blueprint | undefined, user: SessionUser) {
  // An approved request whose operation has not started yet: the page refreshes until the live panel can take over.
  const starting = client.requests.find((r) => r.state === "APPROVED" || r.state === "EXECUTING");
  const waitingForStart = Boolean(starting && (live?.operation?.requestId !== starting.id || live.operation.phase === "STARTING"));
  const hasStack = Boolean(client.currentRevisionId) && client.status !== "DECOMMISSIONED";
  // A stack that needs recovering takes no other change until it is recovered.
  const recovery = recoveryFor(client.stackStatus);
  const mayRequest = can(user, "change:request");
  return {
    waitingForStart,
    hasStack,
    /** Resize, re-apply and decommission. */
    mayChange: hasStack && !recovery && mayRequest,
    mayContinueRollback: recovery === "continue-rollback" && mayRequest,
    mayRecreate: recovery === "recreate" && mayRequest,
    mayCheckDrift: mayRequest,
    driftFindings: client.driftReport ? (JSON.parse(client.driftReport) as DriftFinding[]) : [],
    sizes: (blueprint?.sizes ?? []).map((s) => ({ id: s.id, label: s.label, monthlyUsd: s.cost.monthlyUsd })),
    blueprintVersion: blueprintVersionModel(client, blueprint),
  };
}
