import { isRole, type Role } from "./roles";

// Maps identity-provider groups to Stackport roles. OIDC_ROLE_MAP reads
// "group=ROLE,group=ROLE"; when a person is in several mapped groups, the most
// privileged role wins in this order.
const PRECEDENCE: Role[] = ["ADMIN", "ENGINEER", "ACCOUNT_MANAGER", "AUDITOR"];

export function parseRoleMap(raw: string): Map<string, Role> {
  const map = new Map<string, Role>();
  for (const pair of raw
    .split(",")
    .map((p) => p.trim())
    .filter(Boolean)) {
    const index = pair.lastIndexOf("=");
    const group = pair.slice(0, index).trim();
    const role = pair.slice(index + 1).trim();
    if (index <= 0 || !group || !isRole(role)) {
      throw new Error(`OIDC_ROLE_MAP entry "${pair}" must look like group=ROLE with ROLE one of ${PRECEDENCE.join(", ")}`);
    }
    map.set(group, role);
  }
  return map;
}

export function roleForGroups(groups: unknown, map: Map<string, Role>): Role | null {
  const list = Array.isArray(groups) ? groups.map(String) : typeof groups === "string" ? groups.split(/[\s,]+/) : [];
  const roles = new Set(list.map((g) => map.get(g)).filter((r): r is Role => Boolean(r)));
  return PRECEDENCE.find((r) => roles.has(r)) ?? null;
}
