import type { Action } from "@/lib/auth/policy";

// Each entry shows only to roles allowed its action (lib/auth/policy.ts).
export const NAV_ITEMS: { href: string; label: string; action: Action }[] = [
  { href: "/", label: "Home", action: "client:read" },
  { href: "/clients", label: "Clients", action: "client:read" },
  { href: "/clients/new", label: "Onboard", action: "client:onboard" },
  { href: "/reviews", label: "Reviews", action: "change:review" },
  { href: "/rollouts", label: "Rollouts", action: "rollout:read" },
  { href: "/fleet", label: "Fleet", action: "fleet:read" },
  { href: "/catalog", label: "Catalog", action: "catalog:read" },
  { href: "/audit", label: "Audit log", action: "audit:read" },
  { href: "/admin/users", label: "Users", action: "user:manage" },
  { href: "/admin/connection", label: "AWS connection", action: "system:check" },
  { href: "/admin/webhooks", label: "Webhooks", action: "webhook:manage" },
  { href: "/admin/service-accounts", label: "Service accounts", action: "service-account:manage" },
  { href: "/tokens", label: "API tokens", action: "token:manage" },
  { href: "/api-reference", label: "API reference", action: "catalog:read" },
];
