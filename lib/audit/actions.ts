// Every action the portal writes to the change log, in one typed list: appendAudit takes only
// these, and the log's action filter offers them. Dotted: <what it acts on>.<verb>.

export const AUDIT_ACTIONS = [
  // People and sign-in
  "user.signin",
  "user.signin_failed",
  "user.signout",
  "user.create",
  "user.role_change",
  "user.sso_linked",
  "user.role_confirm",
  "user.role_effective",
  "user.disable",
  "user.enable",
  "user.sessions_end",
  // Clients and their change requests
  "client.create",
  "client.resubmit",
  "request.create",
  "request.rerender",
  "request.changeset",
  "request.approve",
  "request.reject",
  "request.cancel",
  "request.back_to_review",
  "request.execute",
  "request.succeed",
  "request.fail",
  "request.execute_refused",
  "revision.create",
  // Maintenance windows: a disruptive change waiting for one, and the client's own window
  "request.schedule",
  "request.reschedule",
  "request.run_now",
  "client.maintenance_window",
  // What the executor and tracker did to a stack
  "stack.operation_started",
  "stack.status",
  "stack.policy_override",
  "stack.policy_restored",
  "stack.termination_protection_lifted",
  "stack.recreate_started",
  "stack.drift",
  // Webhook endpoints
  "webhook.create",
  "webhook.enable",
  "webhook.disable",
  "webhook.delete",
  "webhook.rotate_secret",
  "webhook.ping",
  "webhook.retry",
  // The automation API's credentials
  "service_account.create",
  "api_token.create",
  "api_token.revoke",
  // Fleet rollouts (lib/rollouts)
  "rollout.create",
  "rollout.prepared",
  "rollout.plan",
  "rollout.approve",
  "rollout.release",
  "rollout.halt",
  "rollout.rollback",
  "rollout.pause",
  "rollout.resume",
  "rollout.abort",
  "rollout.skip",
  "rollout.retry",
  "rollout.finish",
] as const;

export type AuditAction = (typeof AUDIT_ACTIONS)[number];

export function isAuditAction(value: string): value is AuditAction {
  return (AUDIT_ACTIONS as readonly string[]).includes(value);
}
