import "server-only";
import { db } from "../db";
import { NotFoundError } from "../errors";
import { parseEvents } from "./events";

const PAGE = 25;

/** Endpoints for the admin page (never their secrets), with queued and failed counts. */
export async function listEndpoints() {
  const [endpoints, counts] = await Promise.all([
    db.webhookEndpoint.findMany({ orderBy: [{ createdAt: "desc" }, { id: "desc" }], take: 200 }),
    db.webhookDelivery.groupBy({ by: ["endpointId", "status"], where: { status: { in: ["PENDING", "FAILED"] } }, _count: { _all: true } }),
  ]);
  const count = (endpointId: string, status: string) =>
    counts.find((c) => c.endpointId === endpointId && c.status === status)?._count._all ?? 0;
  return endpoints.map((e) => ({ ...e, events: parseEvents(e.events), pending: count(e.id, "PENDING"), failed: count(e.id, "FAILED") }));
}

export async function getEndpoint(endpointId: string) {
  const endpoint = await db.webhookEndpoint.findUnique({ where: { id: endpointId } });
  if (!endpoint) throw new NotFoundError("That endpoint");
  return { ...endpoint, events: parseEvents(endpoint.events) };
}

/** The delivery log, newest first, keyset-paginated on (createdAt, id). */
export async function listDeliveries(endpointId: string, cursor?: string) {
  const rows = await db.webhookDelivery.findMany({
    where: { endpointId },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: PAGE + 1,
    ...(cursor ? { cursor: { id: cursor }, skip: 1 } : {}),
    select: {
      id: true,
      event: true,
      status: true,
      attempts: true,
      manualRetries: true,
      lastRetriedAt: true,
      nextAttemptAt: true,
      lastStatusCode: true,
      lastError: true,
      deliveredAt: true,
      createdAt: true,
    },
  });
  return { deliveries: rows.slice(0, PAGE), nextCursor: rows.length > PAGE ? rows[PAGE - 1].id : undefined };
}
