import type { getRequestSummary } from "../../changes/list-requests";
import { etagOf } from "../http";

// A change request in the API's shape, with its links and ETag.

type Summary = NonNullable<Awaited<ReturnType<typeof getRequestSummary>>>;

export const requestLinks = (id: string, slug: string) => ({
  self: `/api/v1/requests/${id}`,
  portal: `/requests/${id}`,
  client: `/api/v1/clients/${slug}`,
});

export function requestOut(r: Summary) {
  return {
    id: r.id,
    kind: r.kind as never,
    state: r.state as never,
    version: r.version,
    client: r.client,
    requester: r.requester,
    fromSizeId: r.fromSizeId,
    toSizeId: r.toSizeId,
    requiredApprovals: r.requiredApprovals,
    approvals: r.approvals.length,
    monthlyDeltaUsd: r.monthlyDeltaUsd,
    reason: r.reason,
    createdAt: r.createdAt.toISOString(),
    links: requestLinks(r.id, r.client.slug),
  };
}

export const requestHeaders = (r: { id: string; version: number }) => ({ ETag: etagOf(r.version), Location: `/api/v1/requests/${r.id}` });
