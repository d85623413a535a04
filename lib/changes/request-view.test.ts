import { describe, expect, it } from "vitest";
import type { SessionUser } from "../auth/roles";
import { requestPageModel, type RequestForView } from "./request-view";

const engineer: SessionUser = { id: "eng", email: "eng@x.test", name: "Eng", role: "ENGINEER" };
const manager: SessionUser = { id: "am", email: "am@x.test", name: "AM", role: "ACCOUNT_MANAGER" };
const auditor: SessionUser = { id: "aud", email: "aud@x.test", name: "Aud", role: "AUDITOR" };
const revision = { body: '{"Resources":{}}', parameters: "[]", tags: "[]" };

const request = (over: Partial<RequestForView> = {}): RequestForView => ({
  kind: "RESIZE",
  state: "PENDING",
  requesterId: "am",
  baseRevisionId: "rev-1",
  fromSizeId: "medium",
  toSizeId: "large",
  changeSetId: "cs-1",
  changeSetSummary: null,
  client: { currentRevisionId: "rev-1" },
  approvals: [{ voided: false }, { voided: true }],
  baseRevision: revision,
  revision,
  ...over,
});

describe("the review page's rules", () => {
  it("lets another engineer decide, the requester cancel, and counts only valid approvals", () => {
    expect(requestPageModel(request(), engineer)).toMatchObject({ mayDecide: true, mayCancel: false, validApprovals: 1, stale: false });
    expect(requestPageModel(request(), manager)).toMatchObject({ mayDecide: false, mayCancel: true, ownRequestWaiting: true });
    expect(requestPageModel(request(), auditor)).toMatchObject({ mayDecide: false, mayCancel: false, mayRerender: false });
  });

  it("nobody approves their own request", () => {
    expect(requestPageModel(request({ requesterId: "eng" }), engineer)).toMatchObject({ mayDecide: false, mayCancel: true });
  });

  it("a request made against an older revision is stale: no decision, re-render offered to the requester and engineers", () => {
    const stale = request({ client: { currentRevisionId: "rev-2" } });
    expect(requestPageModel(stale, engineer)).toMatchObject({ stale: true, mayDecide: false, mayRerender: true });
    expect(requestPageModel(stale, manager)).toMatchObject({ stale: true, mayRerender: true });
    expect(requestPageModel(stale, auditor)).toMatchObject({ mayRerender: false });
    // Only resizes are re-rendered.
    expect(requestPageModel({ ...stale, kind: "REAPPLY" }, engineer)).toMatchObject({ mayRerender: false });
  });

  it.each([
    ["an update waiting for its change set", { changeSetId: null }, true, true],
    ["an update with its change set", {}, false, true],
    ["an approved request", { state: "APPROVED" }, true, true],
    ["an executing request", { state: "EXECUTING" }, true, true],
    ["a finished request", { state: "SUCCEEDED" }, false, true],
    ["an onboarding", { kind: "CREATE", baseRevisionId: null, fromSizeId: null, changeSetId: null }, false, false],
  ] as const)("%s: refreshes itself %s, shows a change set %s", (_, over, awaitingWork, showsChangeSet) => {
    expect(requestPageModel(request(over), engineer)).toMatchObject({ awaitingWork, showsChangeSet });
  });

  it.each([
    [{ kind: "DECOMMISSION", toSizeId: null }, "delete the stack"],
    [{ kind: "CREATE", fromSizeId: null, toSizeId: "small" }, "small"],
    [{}, "medium → large"],
    [{ kind: "RECOVER", toSizeId: null }, ""],
  ] as const)("describes the target of %j as %j", (over, target) => {
    expect(requestPageModel(request(over), engineer).target).toBe(target);
  });
});
