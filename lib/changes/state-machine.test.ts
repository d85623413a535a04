import { describe, expect, it } from "vitest";
import { canTransition, requiredApprovals, STATES, type State } from "./state-machine";

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
