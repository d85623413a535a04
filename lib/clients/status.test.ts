import { describe, expect, it } from "vitest";
import { OPERATION_KINDS } from "../changes/state-machine";
import { CLIENT_STATUSES, isReusableOnboarding, statusAfter, statusOnStart, type OperationOutcome } from "./status";

describe("client status while an operation runs", () => {
  it.each([
    ["CREATE", "PROVISIONING"],
    ["RECREATE", "PROVISIONING"],
    ["UPDATE", "UPDATING"],
    ["CONTINUE_ROLLBACK", "UPDATING"],
    ["DELETE", "DECOMMISSIONING"],
  ] as const)("%s → %s", (kind, status) => {
    expect(statusOnStart(kind)).toBe(status);
  });

  it("covers every operation kind", () => {
    for (const kind of OPERATION_KINDS) expect(CLIENT_STATUSES).toContain(statusOnStart(kind));
  });
});

describe("client status after an operation", () => {
  it.each<[OperationOutcome, string]>([
    [{ kind: "CREATE", result: "succeeded", degraded: false }, "ACTIVE"],
    [{ kind: "CREATE", result: "succeeded", degraded: true }, "DEGRADED"],
    [{ kind: "RECREATE", result: "succeeded", degraded: false }, "ACTIVE"],
    [{ kind: "UPDATE", result: "succeeded", degraded: false }, "ACTIVE"],
    [{ kind: "UPDATE", result: "succeeded", degraded: true }, "DEGRADED"],
    [{ kind: "DELETE", result: "succeeded", degraded: false }, "DECOMMISSIONED"],
    [{ kind: "CONTINUE_ROLLBACK", result: "succeeded", degraded: false }, "ACTIVE"],
    [{ kind: "CREATE", result: "failed", stackStatus: "ROLLBACK_COMPLETE" }, "FAILED"],
    [{ kind: "UPDATE", result: "failed", stackStatus: "UPDATE_ROLLBACK_COMPLETE" }, "ACTIVE"],
    [{ kind: "UPDATE", result: "failed", stackStatus: "UPDATE_ROLLBACK_FAILED" }, "FAILED"],
    [{ kind: "DELETE", result: "failed", stackStatus: "DELETE_FAILED" }, "FAILED"],
    [{ kind: "CONTINUE_ROLLBACK", result: "failed", stackStatus: "UPDATE_ROLLBACK_FAILED" }, "FAILED"],
    [{ kind: "CREATE", result: "refused" }, "FAILED"],
    [{ kind: "RECREATE", result: "refused" }, "FAILED"],
    [{ kind: "UPDATE", result: "refused" }, "ACTIVE"],
    [{ kind: "DELETE", result: "refused" }, "ACTIVE"],
  ])("%j → %s", (outcome, status) => {
    expect(statusAfter(outcome)).toBe(status);
  });
});

describe("onboarding names", () => {
  it.each([
    ["REJECTED", null, true],
    ["CANCELLED", null, true],
    ["PENDING", null, false],
    ["REJECTED", "rev-1", false],
    ["ACTIVE", "rev-1", false],
  ])("%s with revision %s can be submitted again: %s", (status, currentRevisionId, reusable) => {
    expect(isReusableOnboarding({ status, currentRevisionId })).toBe(reusable);
  });
});
