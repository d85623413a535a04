import { z } from "zod";
import { findClientId } from "../../clients/queries";
import { NotFoundError } from "../../errors";
import { EVENT_STREAM_HEADERS, liveEventStream } from "../../tracker/live-stream";
import { listOperations, operationEventsAfter } from "../../tracker/operation-list";
import { defineEndpoint } from "../endpoint";
import { nextLink } from "../http";
import { eventPageSchema, operationSchema } from "../schemas";

const iso = (d: Date | string | null) => (d === null ? null : typeof d === "string" ? d : d.toISOString());

export const operationOut = (o: {
  id: string;
  kind: string;
  phase: string;
  stackStatus: string | null;
  statusReason: string | null;
  requestId: string;
  startedAt: Date | string;
  finishedAt: Date | string | null;
}) => ({ ...o, startedAt: iso(o.startedAt)!, finishedAt: iso(o.finishedAt) });

async function clientIdOf(slug: string): Promise<string> {
  const id = await findClientId(slug);
  if (!id) throw new NotFoundError("That client");
  return id;
}

export const listOperationsEndpoint = defineEndpoint({
  operationId: "listOperations",
  method: "GET",
  path: "/clients/{slug}/operations",
  tag: "Operations",
  summary: "A client's CloudFormation operations, newest first",
  permission: "client:read",
  params: z.object({ slug: z.string() }),
  response: { status: 200, description: "Up to 50 operations.", schema: z.object({ items: z.array(operationSchema) }) },
  problems: [404],
  handler: async ({ params }) => ({ body: { items: (await listOperations(await clientIdOf(params.slug))).map(operationOut) } }),
});

export const listEventsEndpoint = defineEndpoint({
  operationId: "listOperationEvents",
  method: "GET",
  path: "/clients/{slug}/operations/{operationId}/events",
  tag: "Operations",
  summary: "An operation's stack events after a cursor, oldest first",
  description:
    "Poll with `after` set to the last `cursor`: each answer holds only newer events. `done` is true once the operation ended and everything was returned.",
  permission: "client:read",
  params: z.object({ slug: z.string(), operationId: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/) }),
  query: z.object({
    after: z.coerce.number().int().nonnegative().default(0).describe("The last event seq you have (0 for the first page)."),
    limit: z.coerce.number().int().min(1).max(500).default(200),
  }),
  response: { status: 200, description: "The events after the cursor.", schema: eventPageSchema },
  problems: [404, 422],
  handler: async ({ params, query, url }) => {
    const page = await operationEventsAfter(await clientIdOf(params.slug), params.operationId, query.after, query.limit);
    if (!page) throw new NotFoundError("That operation");
    const cursor = page.events.length ? page.events[page.events.length - 1].seq : query.after;
    return {
      body: {
        operation: operationOut(page.operation),
        events: page.events.map((e) => ({ ...e, timestamp: e.timestamp.toISOString() })),
        cursor,
        next: page.more ? nextLink(url, "after", cursor) : null,
        done: page.operation.phase === "DONE" && !page.more,
      },
    };
  },
});

export const liveEndpoint = defineEndpoint({
  operationId: "streamClientLive",
  method: "GET",
  path: "/clients/{slug}/live",
  tag: "Operations",
  summary: "Live progress and events as server-sent events (the client page's stream)",
  description:
    "`event: status` about once a second (operation, progress, client status, events after the last sent), then `event: done` when no operation runs. Reconnect with `after` = the last event seq.",
  permission: "client:read",
  params: z.object({ slug: z.string() }),
  query: z.object({ after: z.coerce.number().int().nonnegative().default(0) }),
  response: { status: 200, description: "An event stream.", mediaType: "text/event-stream" },
  problems: [404],
  handler: async ({ params, query, request }) =>
    new Response(liveEventStream(await clientIdOf(params.slug), query.after, request.signal), { headers: EVENT_STREAM_HEADERS }),
});
