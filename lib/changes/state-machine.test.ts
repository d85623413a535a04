import { describe, expect, it } from "vitest";
import {
  CHANGE_SET_KINDS,
  canTransition,
  KINDS,
  operationKindOf,
  requiredApprovals,
  STATES,
  usesChangeSet,
  type State,
} from "./state-machine";

describe("change-request transitions", () => {
  it.each<[State, State, boolean]>([
    ["PENDING", "APPROVED", true],
    ["PENDING", "REJECTED", true],
    ["PENDING", "CANCELLED", true],
    ["PENDING", "EXECUTING", false],
    ["APPROVED", "EXECUTING", true],
    ["APPROVED", "PENDING", true],
    ["REJECTED", "APPROVED", false],
    ["CANCELLED", "PENDING", false],
    ["EXECUTING", "SUCCEEDED", true],
    ["EXECUTING", "CANCELLED", false],
    ["SUCCEEDED", "FAILED", false],
  ])("%s → %s is %s", (from, to, allowed) => {
    expect(canTransition(from, to)).toBe(allowed);
  });

  it("ends in the terminal states", () => {
    for (const terminal of ["REJECTED", "CANCELLED", "SUCCEEDED", "FAILED"] as State[]) {
      for (const to of STATES) expect(canTransition(terminal, to)).toBe(false);
    }
  });

  it("refuses unknown states", () => {
    expect(canTransition("DRAFT", "APPROVED")).toBe(false);
  });
});

describe("required approvals", () => {
  const policy = { twoApproverSizes: ["large", "enterprise"], twoApproverProductionDecommission: true };
  it.each([
    [{ kind: "CREATE", sizeId: "small", environment: "production" }, 1],
    [{ kind: "CREATE", sizeId: "large", environment: "staging" }, 2],
    [{ kind: "RESIZE", sizeId: "enterprise", environment: "production" }, 2],
    [{ kind: "DECOMMISSION", sizeId: "small", environment: "production" }, 2],
    [{ kind: "DECOMMISSION", sizeId: "enterprise", environment: "staging" }, 1],
    // Security review L6: recovery and recreate follow the same thresholds as every other kind.
    [{ kind: "RECOVER", sizeId: "large", environment: "production" }, 2],
    [{ kind: "RECOVER", sizeId: "small", environment: "production" }, 1],
    [{ kind: "RECREATE", sizeId: "enterprise", environment: "staging" }, 2],
  ] as const)("%j needs %i", (request, n) => {
    expect(requiredApprovals(policy, request)).toBe(n);
  });

  it("follows the blueprint's setting", () => {
    expect(
      requiredApprovals(
        { twoApproverSizes: [], twoApproverProductionDecommission: false },
        { kind: "DECOMMISSION", sizeId: "large", environment: "production" },
      ),
    ).toBe(1);
  });
});

describe("operations and change sets", () => {
  it.each([
    ["CREATE", "CREATE", false],
    ["RESIZE", "UPDATE", true],
    ["REAPPLY", "UPDATE", true],
    ["DECOMMISSION", "DELETE", false],
    ["RECOVER", "CONTINUE_ROLLBACK", false],
    ["RECREATE", "RECREATE", false],
  ] as const)("%s runs %s; through a change set: %s", (kind, operation, changeSet) => {
    expect(operationKindOf(kind)).toBe(operation);
    expect(usesChangeSet(kind)).toBe(changeSet);
  });

  it("lists exactly the change-set kinds for queries", () => {
    expect(CHANGE_SET_KINDS).toEqual(KINDS.filter((k) => usesChangeSet(k)));
  });
});
