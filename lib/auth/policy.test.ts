import { describe, expect, it } from "vitest";
import { authorize, ACTIONS, type Action } from "./policy";
import type { Role, SessionUser } from "./roles";

const user = (role: string, id = "u1"): SessionUser => ({ id, email: `${id}@x.test`, name: id, role: role as Role });

describe("authorize", () => {
  it("denies anonymous users and unknown roles everything", () => {
    for (const action of ACTIONS) {
      expect(authorize(null, action).allowed).toBe(false);
      expect(authorize(user("SUPERUSER"), action, { requesterId: "x" }).allowed).toBe(false);
    }
  });

  it("denies an action that is not in the table", () => {
    expect(authorize(user("ADMIN"), "launch:everything" as Action).allowed).toBe(false);
  });

  it.each<[Role, Action, boolean]>([
    ["ACCOUNT_MANAGER", "client:onboard", true],
    ["ACCOUNT_MANAGER", "change:review", false],
    ["ACCOUNT_MANAGER", "audit:read", false],
    ["ACCOUNT_MANAGER", "user:manage", false],
    ["ENGINEER", "change:review", true],
    ["ENGINEER", "client:onboard", false],
    ["ENGINEER", "user:manage", false],
    ["AUDITOR", "audit:read", true],
    ["AUDITOR", "change:request", false],
    ["AUDITOR", "user:manage", false],
    ["AUDITOR", "client:onboard", false],
    ["ADMIN", "user:manage", true],
    ["ADMIN", "change:approve", false],
    ["ADMIN", "system:check", true],
    ["ENGINEER", "system:check", false],
    ["ACCOUNT_MANAGER", "system:check", false],
    ["AUDITOR", "system:check", false],
    ["ADMIN", "webhook:manage", true],
    ["ENGINEER", "webhook:manage", false],
    ["ACCOUNT_MANAGER", "webhook:manage", false],
    ["AUDITOR", "webhook:manage", false],
    ["ACCOUNT_MANAGER", "rollout:create", true],
    ["ACCOUNT_MANAGER", "rollout:approve", false],
    ["ACCOUNT_MANAGER", "rollout:control", false],
    ["ENGINEER", "rollout:approve", true],
    ["ENGINEER", "rollout:control", true],
    ["AUDITOR", "rollout:read", true],
    ["AUDITOR", "rollout:create", false],
    ["ADMIN", "rollout:approve", false],
    ["ENGINEER", "fleet:read", true],
    ["ADMIN", "fleet:read", true],
    ["AUDITOR", "fleet:read", true],
    ["ACCOUNT_MANAGER", "fleet:read", false],
  ])("%s may %s: %s", (role, action, allowed) => {
    expect(authorize(user(role), action, { requesterId: "someone-else" }).allowed).toBe(allowed);
  });

  it("never lets anyone approve their own request", () => {
    const decision = authorize(user("ENGINEER", "e1"), "change:approve", { requesterId: "e1" });
    expect(decision).toEqual({ allowed: false, reason: "Nobody approves their own request." });
    expect(authorize(user("ENGINEER", "e1"), "change:approve", { requesterId: "e2" }).allowed).toBe(true);
    expect(authorize(user("ENGINEER", "e1"), "change:approve").allowed).toBe(false);
  });

  it("never lets anyone approve their own rollout", () => {
    expect(authorize(user("ENGINEER", "e1"), "rollout:approve", { requesterId: "e1" })).toEqual({
      allowed: false,
      reason: "Nobody approves their own rollout.",
    });
    expect(authorize(user("ENGINEER", "e1"), "rollout:approve", { requesterId: "e2" }).allowed).toBe(true);
    expect(authorize(user("ENGINEER", "e1"), "rollout:approve").allowed).toBe(false);
  });

  it("lets only the requester cancel", () => {
    expect(authorize(user("ACCOUNT_MANAGER", "a1"), "change:cancel", { requesterId: "a1" }).allowed).toBe(true);
    expect(authorize(user("ACCOUNT_MANAGER", "a1"), "change:cancel", { requesterId: "a2" }).allowed).toBe(false);
  });

  it("stops an administrator changing their own account", () => {
    expect(authorize(user("ADMIN", "ad"), "user:manage", { userId: "ad" }).allowed).toBe(false);
    expect(authorize(user("ADMIN", "ad"), "user:manage", { userId: "other" }).allowed).toBe(true);
  });
});
