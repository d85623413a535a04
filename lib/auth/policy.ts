import type { Role, SessionUser } from "./roles";
import { isRole } from "./roles";

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
] as const;
export type Action = (typeof ACTIONS)[number];

const PERMISSIONS: Record<Role, readonly Action[]> = {
  ACCOUNT_MANAGER: ["catalog:read", "client:read", "client:onboard", "change:read", "change:request", "change:cancel"],
  ENGINEER: ["catalog:read", "client:read", "change:read", "change:request", "change:cancel", "change:review", "change:approve"],
  AUDITOR: ["catalog:read", "client:read", "change:read", "audit:read", "audit:verify"],
  ADMIN: ["catalog:read", "client:read", "change:read", "audit:read", "audit:verify", "user:manage", "system:check", "webhook:manage"],
};

/** What a rule about a specific resource needs to know. */
export interface Resource {
  requesterId?: string;
  userId?: string;
}

export type Decision = { allowed: true } | { allowed: false; reason: string };

export function authorize(user: SessionUser | null | undefined, action: Action, resource: Resource = {}): Decision {
  if (!user) return { allowed: false, reason: "Sign in to continue." };
  if (!isRole(user.role)) return { allowed: false, reason: "Your account has no role in Stackport." };
  if (!PERMISSIONS[user.role].includes(action)) return { allowed: false, reason: "Your role does not allow this." };
  switch (action) {
    case "change:approve":
      if (resource.requesterId === undefined) return { allowed: false, reason: "No request given." };
      if (resource.requesterId === user.id) return { allowed: false, reason: "Nobody approves their own request." };
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

export function can(user: SessionUser | null | undefined, action: Action, resource?: Resource): boolean {
  return authorize(user, action, resource).allowed;
}
