import { describe, expect, it } from "vitest";
import { parseRoleMap, roleForGroups } from "./oidc-roles";

describe("OIDC group mapping", () => {
  const map = parseRoleMap("hosting-engineers=ENGINEER, sales=ACCOUNT_MANAGER,it-admins=ADMIN,compliance=AUDITOR");

  it.each([
    [["hosting-engineers"], "ENGINEER"],
    [["sales", "compliance"], "ACCOUNT_MANAGER"],
    [["sales", "it-admins"], "ADMIN"],
    ["compliance", "AUDITOR"],
    [["marketing"], null],
    [[], null],
    [undefined, null],
  ])("groups %j map to %s", (groups, role) => {
    expect(roleForGroups(groups, map)).toBe(role);
  });

  it("rejects a malformed map, naming the entry", () => {
    expect(() => parseRoleMap("engineers=ENGINER")).toThrow(/engineers=ENGINER/);
    expect(() => parseRoleMap("=ADMIN")).toThrow(/=ADMIN/);
  });

  it("allows an empty map (nobody gets in through SSO)", () => {
    expect(parseRoleMap("").size).toBe(0);
  });
});
