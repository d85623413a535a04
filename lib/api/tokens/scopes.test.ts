import { describe, expect, it } from "vitest";
import { authorize, roleAllows, type Action } from "../../auth/policy";
import type { Role, SessionUser } from "../../auth/roles";
import { parseStoredScopes, scopesAllow, scopesFor } from "./scopes";
import { createTokenSchema } from "./schemas";

const user = (role: Role, token?: SessionUser["token"]): SessionUser => ({ id: "u1", email: "u@x.test", name: "U", role, token });
const personal = (scopes: string[] | null = null) => ({ id: "t1", serviceAccount: false, scopes });
const service = (scopes: string[] | null = null) => ({ id: "t2", serviceAccount: true, scopes });
const other = { requesterId: "someone-else" };

describe("token scopes", () => {
  it.each<[string[] | null, Action, boolean]>([
    [null, "client:onboard", true],
    [["read"], "client:read", true],
    [["read"], "audit:read", true],
    [["read"], "client:onboard", false],
    [["client:onboard"], "client:onboard", true],
    [["client:onboard"], "client:read", false],
    [[], "client:read", false],
  ])("%j allows %s: %s", (scopes, action, allowed) => {
    expect(scopesAllow(scopes, action)).toBe(allowed);
  });

  it("offers only the scopes an owner's role can use (a service account's never include review or approval)", () => {
    expect(scopesFor((a) => roleAllows("AUDITOR", a))).toEqual([
      "read",
      "catalog:read",
      "client:read",
      "change:read",
      "audit:read",
      "rollout:read",
    ]);
    expect(scopesFor((a) => roleAllows("ENGINEER", a))).toContain("change:approve");
    expect(scopesFor((a) => roleAllows("ENGINEER", a, { serviceAccount: true }))).not.toContain("change:approve");
    expect(scopesFor((a) => roleAllows("ACCOUNT_MANAGER", a, { serviceAccount: true }))).toEqual(
      expect.arrayContaining(["rollout:read", "rollout:create"]),
    );
  });

  it("reads stored scopes, and allows nothing when they cannot be read", () => {
    expect(parseStoredScopes(null)).toBeNull();
    expect(parseStoredScopes('["read"]')).toEqual(["read"]);
    expect(parseStoredScopes("not json")).toEqual([]);
    expect(parseStoredScopes('{"a":1}')).toEqual([]);
  });

  it("takes scopes from checkboxes or a JSON list, and refuses unknown ones", () => {
    expect(createTokenSchema.parse({ name: "ci", "scope:read": "on", "scope:client:onboard": "on" }).scopes).toEqual([
      "client:onboard",
      "read",
    ]);
    expect(createTokenSchema.parse({ name: "ci", scopes: ["read", "read"] }).scopes).toEqual(["read"]);
    expect(createTokenSchema.safeParse({ name: "ci", scopes: ["user:manage"] }).success).toBe(false);
    expect(createTokenSchema.safeParse({ name: "ci", expiresInDays: 400 }).success).toBe(false);
  });
});

describe("authorize with a token", () => {
  it("narrows the owner's role by the token's scopes, never widens it", () => {
    expect(authorize(user("ACCOUNT_MANAGER", personal(["read"])), "client:onboard").allowed).toBe(false);
    expect(authorize(user("ACCOUNT_MANAGER", personal(["read"])), "client:read").allowed).toBe(true);
    expect(authorize(user("AUDITOR", personal(["client:onboard"])), "client:onboard").allowed).toBe(false);
    expect(authorize(user("ENGINEER", personal()), "change:approve", other).allowed).toBe(true);
  });

  it("never lets a service account review or approve, whatever its role", () => {
    for (const role of ["ACCOUNT_MANAGER", "ENGINEER", "ADMIN"] as const) {
      expect(authorize(user(role, service()), "change:approve", other).allowed).toBe(false);
      expect(authorize(user(role, service()), "change:review").allowed).toBe(false);
    }
    expect(authorize(user("ACCOUNT_MANAGER", service()), "client:onboard").allowed).toBe(true);
    // An administrator's role on a service account gives it nothing.
    expect(authorize(user("ADMIN", service()), "webhook:manage").allowed).toBe(false);
  });

  it("keeps credentials and people management to signed-in sessions", () => {
    for (const action of ["token:manage", "service-account:manage", "user:manage", "audit:verify"] as const) {
      expect(authorize(user("ADMIN"), action).allowed).toBe(true);
      expect(authorize(user("ADMIN", personal()), action).allowed).toBe(false);
    }
  });
});
