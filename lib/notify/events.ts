// The notifications Stackport sends, as they appear in X-Stackport-Event and the body's "event".
export const WEBHOOK_EVENTS = [
  "approval.needed",
  "request.approved",
  "request.rejected",
  "request.scheduled",
  "launch.succeeded",
  "launch.failed",
  "drift.detected",
  "rollout.started",
  "rollout.halted",
  "rollout.finished",
] as const;
export type WebhookEvent = (typeof WEBHOOK_EVENTS)[number];
/** "ping" is sent only on an administrator's request, to one endpoint, whatever it subscribes to. */
export type DeliveryEvent = WebhookEvent | "ping";

export const EVENT_LABELS: Record<DeliveryEvent, string> = {
  "approval.needed": "Approval needed",
  "request.approved": "Request approved",
  "request.rejected": "Request rejected",
  "request.scheduled": "Request scheduled for the maintenance window",
  "launch.succeeded": "Launch succeeded",
  "launch.failed": "Launch failed",
  "drift.detected": "Drift detected",
  "rollout.started": "Rollout started",
  "rollout.halted": "Rollout halted",
  "rollout.finished": "Rollout finished",
  ping: "Test ping",
};

export const DELIVERY_STATUSES = ["PENDING", "DELIVERED", "FAILED"] as const;
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number];

export function isWebhookEvent(value: string): value is WebhookEvent {
  return (WEBHOOK_EVENTS as readonly string[]).includes(value);
}

/** An endpoint's stored subscription list (JSON text), keeping only known events. */
export function parseEvents(stored: string): WebhookEvent[] {
  try {
    const list: unknown = JSON.parse(stored);
    return Array.isArray(list) ? list.filter((e): e is WebhookEvent => typeof e === "string" && isWebhookEvent(e)) : [];
  } catch {
    return [];
  }
}
