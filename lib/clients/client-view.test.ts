import { describe, expect, it } from "vitest";
import type { SessionUser } from "../auth/roles";
import { getBlueprint } from "../catalog";
import type { LiveStatus } from "../tracker/queries";
import { clientPageModel, type ClientForView } from "./client-view";

const engineer: SessionUser = { id: "eng", email: "eng@x.test", name: "Eng", role: "ENGINEER" };
const auditor: SessionUser = { id: "aud", email: "aud@x.test", name: "Aud", role: "AUDITOR" };
const blueprint = getBlueprint("stateless-web");

const client = (over: Partial<ClientForView> = {}): ClientForView => ({
  status: "ACTIVE",
  stackStatus: "CREATE_COMPLETE",
  currentRevisionId: "rev-1",
  driftReport: null,
  requests: [],
  ...over,
});
const live = (operation: Partial<NonNullable<LiveStatus["operation"]>> | null): LiveStatus =>
  ({ operation: operation && { id: "op", kind: "CREATE", phase: "IN_PROGRESS", requestId: "req", ...operation } }) as LiveStatus;

describe("the client page's rules", () => {
  it("offers changes on a live stack to people who may request them, not to an auditor", () => {
    expect(clientPageModel(client(), null, blueprint, engineer)).toMatchObject({ hasStack: true, mayChange: true, mayCheckDrift: true });
    expect(clientPageModel(client(), null, blueprint, auditor)).toMatchObject({ hasStack: true, mayChange: false, mayCheckDrift: false });
  });

  it("offers nothing but viewing before launch and after decommissioning", () => {
    expect(clientPageModel(client({ currentRevisionId: null }), null, blueprint, engineer)).toMatchObject({
      hasStack: false,
      mayChange: false,
    });
    expect(clientPageModel(client({ status: "DECOMMISSIONED" }), null, blueprint, engineer)).toMatchObject({ hasStack: false });
  });

  it.each([
    ["UPDATE_ROLLBACK_FAILED", { mayContinueRollback: true, mayRecreate: false, mayChange: false }],
    ["ROLLBACK_COMPLETE", { mayContinueRollback: false, mayRecreate: true, mayChange: false }],
    ["UPDATE_COMPLETE", { mayContinueRollback: false, mayRecreate: false, mayChange: true }],
  ])("a stack in %s", (stackStatus, expected) => {
    expect(clientPageModel(client({ stackStatus }), null, blueprint, engineer)).toMatchObject(expected);
  });

  it.each([
    ["no open request", [], null, false],
    ["an approved request with no operation yet", [{ id: "req", state: "APPROVED" }], null, true],
    ["its operation still starting", [{ id: "req", state: "EXECUTING" }], live({ phase: "STARTING" }), true],
    ["its operation in progress", [{ id: "req", state: "EXECUTING" }], live({ phase: "IN_PROGRESS" }), false],
    ["another request's operation", [{ id: "req", state: "APPROVED" }], live({ requestId: "older" }), true],
  ])("waits for the start with %s: %s", (_, requests, status, waiting) => {
    expect(clientPageModel(client({ requests }), status, blueprint, engineer).waitingForStart).toBe(waiting);
  });

  it("reads the drift report and the blueprint's sizes", () => {
    const report = [{ logicalId: "Db", resourceType: "AWS::RDS::DBInstance", status: "MODIFIED", explanations: ["x"] }];
    const model = clientPageModel(client({ driftReport: JSON.stringify(report) }), null, blueprint, engineer);
    expect(model.driftFindings).toEqual(report);
    expect(model.sizes.map((s) => s.id)).toEqual(blueprint!.sizes.map((s) => s.id));
  });
});
