export const ROLES = ["ACCOUNT_MANAGER", "ENGINEER", "AUDITOR", "ADMIN"] as const;
export type Role = (typeof ROLES)[number];

export const ROLE_LABELS: Record<Role, string> = {
  ACCOUNT_MANAGER: "Account manager",
  ENGINEER: "Engineer",
  AUDITOR: "Auditor",
  ADMIN: "Administrator",
};

export function isRole(value: unknown): value is Role {
  return typeof value === "string" && (ROLES as readonly string[]).includes(value);
}

/** The signed-in person as the domain sees them: the user row, never just the token. */
export interface SessionUser {
  id: string;
  email: string;
  name: string;
  role: Role;
  /** Set when the request came with an API token instead of a session (lib/api/tokens). */
  token?: TokenGrant;
}

/** What an API token adds to its owner's identity: which token, whether a service account owns it, and its scopes. */
export interface TokenGrant {
  id: string;
  serviceAccount: boolean;
  /** null: everything the owner's role allows. */
  scopes: readonly string[] | null;
}
