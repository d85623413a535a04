import { z } from "zod";
import { getClientBySlug, listClients } from "../../clients/queries";
import { CLIENT_STATUSES } from "../../clients/status";
import { ENVIRONMENTS } from "../../catalog";
import { OPEN_STATES } from "../../changes/state-machine";
import { NotFoundError } from "../../errors";
import { liveStatus } from "../../tracker/queries";
import { defineEndpoint } from "../endpoint";
import { nextLink } from "../http";
import { clientDetailSchema, clientSchema, pageOf } from "../schemas";
import { operationOut } from "./operations";

export const clientLinks = (slug: string) => ({ self: `/api/v1/clients/${slug}`, portal: `/clients/${slug}` });

export const listClientsEndpoint = defineEndpoint({
  operationId: "listClients",
  method: "GET",
  path: "/clients",
  tag: "Clients",
  summary: "Clients, by slug, with filters and keyset pages",
  permission: "client:read",
  query: z.object({
    q: z.string().trim().max(100).optional().describe("Part of the name or slug."),
    status: z.enum(CLIENT_STATUSES).optional(),
    environment: z.enum(ENVIRONMENTS).optional(),
    after: z.string().max(100).optional().describe("Cursor: the last slug of the previous page (use the `next` link)."),
  }),
  response: { status: 200, description: "One page of clients.", schema: pageOf(clientSchema, "ClientPage") },
  problems: [422],
  handler: async ({ query, url }) => {
    const page = await listClients(query);
    return {
      body: {
        items: page.rows.map((c) => ({
          slug: c.slug,
          displayName: c.displayName,
          blueprintId: c.blueprintId,
          sizeId: c.sizeId,
          environment: c.environment,
          region: c.region,
          status: c.status,
          updatedAt: c.updatedAt.toISOString(),
          links: clientLinks(c.slug),
        })),
        total: page.total,
        next: nextLink(url, "after", page.nextCursor),
      },
    };
  },
});

export const getClientEndpoint = defineEndpoint({
  operationId: "getClient",
  method: "GET",
  path: "/clients/{slug}",
  tag: "Clients",
  summary: "One client: status, stack, outputs, live revision and latest operation",
  permission: "client:read",
  params: z.object({ slug: z.string() }),
  response: { status: 200, description: "The client.", schema: clientDetailSchema },
  problems: [404],
  handler: async ({ params }) => {
    const client = await getClientBySlug(params.slug);
    if (!client) throw new NotFoundError("That client");
    const live = await liveStatus(client.id, { knownClient: client, foldFinished: true });
    const current = client.revisions.find((r) => r.id === client.currentRevisionId);
    return {
      body: {
        slug: client.slug,
        displayName: client.displayName,
        blueprintId: client.blueprintId,
        sizeId: client.sizeId,
        environment: client.environment,
        region: client.region,
        status: client.status,
        statusReason: client.statusReason,
        updatedAt: client.updatedAt.toISOString(),
        stackName: client.stackName,
        stackStatus: client.stackStatus,
        outputs: live?.client.outputs ?? {},
        owner: client.owner,
        revision: current?.number ?? null,
        drift: { status: client.driftStatus, checkedAt: client.driftCheckedAt?.toISOString() ?? null },
        operation: live?.operation ? operationOut(live.operation) : null,
        progress: live?.progress ?? null,
        openRequests: client.requests
          .filter((r) => (OPEN_STATES as readonly string[]).includes(r.state))
          .map((r) => ({ id: r.id, kind: r.kind, state: r.state })),
        links: clientLinks(client.slug),
      },
    };
  },
});
