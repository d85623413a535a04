import type { Role, SessionUser } from "./roles";
import { isRole } from "./roles";
import { scopesAllow } from "../api/tokens/scopes";

// One declarative table of who may do what; anything not listed is denied. Rules that
// depend on the resource (e.g. nobody approves their own request) are checked below.

export const ACTIONS = [
  "catalog:read",
  "client:read",
  "client:onboard",
  "change:read",
  "change:request",
  "change:cancel",
  "change:review",
  "change:approve",
  "audit:read",
  "audit:verify",
  "user:manage",
  "system:check",
  "webhook:manage",
  "token:manage",
  "service-account:manage",
  "rollout:read",
  "rollout:create",
  "rollout:approve",
  "rollout:control",
  "fleet:read",
] as const;
export type Action = (typeof ACTIONS)[number];

const PERMISSIONS: Record<Role, readonly Action[]> = {
  ACCOUNT_MANAGER: [
    "catalog:read",
    "client:read",
    "client:onboard",
    "change:read",
    "change:request",
    "change:cancel",
    "token:manage",
    "rollout:read",
    "rollout:create",
  ],
  ENGINEER: [
    "catalog:read",
    "client:read",
    "change:read",
    "change:request",
    "change:cancel",
    "change:review",
    "change:approve",
    "token:manage",
    "rollout:read",
    "rollout:create",
    "rollout:approve",
    "rollout:control",
    "fleet:read",
  ],
  AUDITOR: ["catalog:read", "client:read", "change:read", "audit:read", "audit:verify", "token:manage", "rollout:read", "fleet:read"],
  ADMIN: [
    "catalog:read",
    "client:read",
    "change:read",
    "audit:read",
    "audit:verify",
    "user:manage",
    "system:check",
    "webhook:manage",
    "token:manage",
    "service-account:manage",
    "rollout:read",
    "fleet:read",
  ],
};

/** The roles a service account may hold: it files and reads, and never approves. */
export const SERVICE_ACCOUNT_ROLES = ["ACCOUNT_MANAGER", "AUDITOR"] as const satisfies readonly Role[];
/** What is decided by a person only: never by a service account, and never with a token that was not scoped for it. */
const PERSON_ONLY: readonly Action[] = ["change:review", "change:approve", "rollout:approve", "rollout:control"];
const SERVICE_NEVER_APPROVES = "Service accounts never approve: approval is a person's decision.";
/** Managing credentials and people is done in the portal, signed in, never with a token. */
const SESSION_ONLY: readonly Action[] = ["token:manage", "service-account:manage", "user:manage", "audit:verify", "system:check"];

/** What a rule about a specific resource needs to know. */
export interface Resource {
  requesterId?: string;
  userId?: string;
}

export type Decision = { allowed: true } | { allowed: false; reason: string };

export function authorize(user: SessionUser | null | undefined, action: Action, resource: Resource = {}): Decision {
  if (!user) return { allowed: false, reason: "Sign in to continue." };
  if (!isRole(user.role)) return { allowed: false, reason: "Your account has no role in Stackport." };
  // Said first, whatever the role: approval is a person's decision.
  if (user.token?.serviceAccount && PERSON_ONLY.includes(action)) return { allowed: false, reason: SERVICE_NEVER_APPROVES };
  if (!PERMISSIONS[user.role].includes(action)) return { allowed: false, reason: "Your role does not allow this." };
  if (user.token) {
    const refusal = tokenRefusal(user.token, user.role, action);
    if (refusal) return { allowed: false, reason: refusal };
  }
  switch (action) {
    case "change:approve":
      if (resource.requesterId === undefined) return { allowed: false, reason: "No request given." };
      if (resource.requesterId === user.id) return { allowed: false, reason: "Nobody approves their own request." };
      return { allowed: true };
    case "rollout:approve":
      if (resource.requesterId === undefined) return { allowed: false, reason: "No rollout given." };
      if (resource.requesterId === user.id) return { allowed: false, reason: "Nobody approves their own rollout." };
      return { allowed: true };
    case "change:cancel":
      if (resource.requesterId === undefined) return { allowed: false, reason: "No request given." };
      if (resource.requesterId !== user.id) return { allowed: false, reason: "Only the requester can cancel a request." };
      return { allowed: true };
    case "user:manage":
      // An administrator cannot lock themselves out by disabling or demoting their own account.
      if (resource.userId !== undefined && resource.userId === user.id) {
        return { allowed: false, reason: "You cannot change your own account here." };
      }
      return { allowed: true };
    default:
      return { allowed: true };
  }
}

/** Re-rendering a request against the client's current revision: an engineer, or the requester. */
export function authorizeRerender(user: SessionUser | null | undefined, request: { requesterId: string }): Decision {
  if (authorize(user, "change:review").allowed || authorize(user, "change:cancel", { requesterId: request.requesterId }).allowed) {
    return { allowed: true };
  }
  return { allowed: false, reason: "Only the requester or an engineer can re-render a request." };
}

/** Rules for a request made with an API token, on top of the owner's role. */
function tokenRefusal(token: NonNullable<SessionUser["token"]>, role: Role, action: Action): string | null {
  if (token.serviceAccount) {
    if (!(SERVICE_ACCOUNT_ROLES as readonly Role[]).includes(role))
      return "A service account may only hold the account manager or auditor role.";
  }
  if (SESSION_ONLY.includes(action)) return "This is done in the portal, signed in, not with an API token.";
  if (!scopesAllow(token.scopes, action)) return "This token's scopes do not allow this.";
  return null;
}

/** Whether a role's table lists an action (no resource rules): what a token form may offer as scopes. */
export function roleAllows(role: Role, action: Action, options: { serviceAccount?: boolean } = {}): boolean {
  if (options.serviceAccount && PERSON_ONLY.includes(action)) return false;
  return isRole(role) && PERMISSIONS[role].includes(action);
}

export function can(user: SessionUser | null | undefined, action: Action, resource?: Resource): boolean {
  return authorize(user, action, resource).allowed;
}
