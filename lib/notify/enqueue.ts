import "server-only";
import type { Tx } from "../db";
import { getEnv } from "../env";
import { parseEvents, type DeliveryEvent, type WebhookEvent } from "./events";

// The outbox. A notification is written in the transaction of the change it announces, so the
// two commit or roll back together, and nothing goes over the network inside it: a slow or dead
// receiver can neither delay nor undo the change. lib/notify/deliver.ts sends the rows later.

type Data = Record<string, unknown>;

/**
 * Queues `event` for every enabled endpoint subscribed to it (or, for a ping, the one endpoint
 * named). `data` is built only when someone is listening. Returns how many were queued.
 */
export async function enqueue(
  tx: Tx,
  event: DeliveryEvent,
  data: Data | (() => Promise<Data>),
  options: { endpointId?: string } = {},
): Promise<number> {
  const endpoints = await tx.webhookEndpoint.findMany({
    where: { enabled: true, ...(options.endpointId ? { id: options.endpointId } : {}) },
    select: { id: true, events: true },
  });
  const targets = event === "ping" ? endpoints : endpoints.filter((e) => parseEvents(e.events).includes(event));
  if (!targets.length) return 0;
  const now = new Date();
  const payload = JSON.stringify({ event, occurredAt: now.toISOString(), data: typeof data === "function" ? await data() : data });
  await tx.webhookDelivery.createMany({
    data: targets.map((e) => ({ endpointId: e.id, event, payload, status: "PENDING", nextAttemptAt: now })),
  });
  return targets.length;
}

const portalUrl = (path: string) => new URL(path, getEnv().NEXTAUTH_URL).toString();

async function requestData(tx: Tx, requestId: string): Promise<Data> {
  const r = await tx.changeRequest.findUniqueOrThrow({
    where: { id: requestId },
    include: {
      client: { select: { id: true, slug: true, displayName: true, environment: true } },
      requester: { select: { email: true } },
      approvals: { where: { voided: false }, select: { approver: { select: { email: true } } } },
    },
  });
  return {
    request: {
      id: r.id,
      kind: r.kind,
      state: r.state,
      url: portalUrl(`/requests/${r.id}`),
      requester: r.requester.email,
      fromSizeId: r.fromSizeId,
      toSizeId: r.toSizeId,
      requiredApprovals: r.requiredApprovals,
      approvedBy: r.approvals.map((a) => a.approver.email),
      monthlyDeltaUsd: r.monthlyDeltaUsd,
      reason: r.reason,
      decisionReason: r.decisionReason,
    },
    client: {
      id: r.client.id,
      slug: r.client.slug,
      displayName: r.client.displayName,
      environment: r.client.environment,
      url: portalUrl(`/clients/${r.client.slug}`),
    },
  };
}

/** approval.needed, request.approved or request.rejected, with the request and its client. */
export function notifyRequest(
  tx: Tx,
  event: Extract<WebhookEvent, "approval.needed" | "request.approved" | "request.rejected">,
  requestId: string,
) {
  return enqueue(tx, event, () => requestData(tx, requestId));
}

/** request.scheduled: an approved disruptive change waits for the client's maintenance window. */
export function notifyScheduled(tx: Tx, requestId: string, window: { start: Date; end: Date; timeZone: string }) {
  return enqueue(tx, "request.scheduled", async () => ({
    ...(await requestData(tx, requestId)),
    schedule: { start: window.start.toISOString(), end: window.end.toISOString(), timeZone: window.timeZone },
  }));
}

/** launch.succeeded or launch.failed for any executed operation (create, update, delete, recovery). */
export function notifyLaunch(
  tx: Tx,
  succeeded: boolean,
  operation: { id: string; kind: string; requestId: string; stackStatus?: string | null },
  reason: string | null,
) {
  return enqueue(tx, succeeded ? "launch.succeeded" : "launch.failed", async () => ({
    ...(await requestData(tx, operation.requestId)),
    operation: { id: operation.id, kind: operation.kind, stackStatus: operation.stackStatus ?? null, reason },
  }));
}

/** drift.detected, when a check finds the live stack differs from its approved template. */
export async function notifyDrift(
  tx: Tx,
  clientId: string,
  drift: { driftStatus: string; findings: { logicalId: string; resourceType: string; status: string }[] },
) {
  if (drift.driftStatus !== "DRIFTED") return 0;
  return enqueue(tx, "drift.detected", async () => {
    const c = await tx.client.findUniqueOrThrow({
      where: { id: clientId },
      select: { id: true, slug: true, displayName: true, environment: true },
    });
    return {
      client: { ...c, url: portalUrl(`/clients/${c.slug}`) },
      driftStatus: drift.driftStatus,
      resources: drift.findings.map((f) => ({ logicalId: f.logicalId, resourceType: f.resourceType, status: f.status })),
    };
  });
}
