import type { Action } from "../../auth/policy";

// A token's scopes narrow what its owner's role allows; they never add to it. "read" stands for
// every read permission; any other scope names one policy action. No scopes (null) means the
// owner's role as it is. Pure.

/** Actions a token may be scoped to: reads, and the actions the API exposes. */
export const SCOPABLE_ACTIONS = [
  "catalog:read",
  "client:read",
  "change:read",
  "audit:read",
  "rollout:read",
  "client:onboard",
  "change:request",
  "change:cancel",
  "change:review",
  "change:approve",
  "webhook:manage",
  "rollout:create",
  "rollout:control",
  "rollout:approve",
] as const satisfies readonly Action[];

export const SCOPES = ["read", ...SCOPABLE_ACTIONS] as const;
export type Scope = (typeof SCOPES)[number];

export const SCOPE_LABELS: Record<Scope, string> = {
  read: "Read everything the role can read",
  "catalog:read": "Read the catalog",
  "client:read": "Read clients",
  "change:read": "Read change requests",
  "audit:read": "Read the change log",
  "rollout:read": "Read rollouts",
  "client:onboard": "Onboard clients",
  "change:request": "Request changes",
  "change:cancel": "Cancel own requests",
  "change:review": "Review requests",
  "change:approve": "Approve and reject",
  "webhook:manage": "Manage webhooks",
  "rollout:create": "Prepare rollouts",
  "rollout:control": "Plan, pause, resume, abort, skip and retry rollouts",
  "rollout:approve": "Approve rollouts (with rollout:control)",
};

/** The scopes worth offering to an owner: "read" and the actions its role has. */
export function scopesFor(allows: (action: Action) => boolean): Scope[] {
  return SCOPES.filter((s) => s === "read" || allows(s));
}

/** Whether scopes allow an action (the role is checked separately). */
export function scopesAllow(scopes: readonly string[] | null, action: Action): boolean {
  if (scopes === null) return true;
  if (scopes.includes(action)) return true;
  return scopes.includes("read") && action.endsWith(":read");
}

/** Stored JSON → scopes; anything unreadable allows nothing (fail closed). */
export function parseStoredScopes(stored: string | null): string[] | null {
  if (stored === null) return null;
  try {
    const value: unknown = JSON.parse(stored);
    return Array.isArray(value) ? value.filter((s): s is string => typeof s === "string") : [];
  } catch {
    return [];
  }
}
