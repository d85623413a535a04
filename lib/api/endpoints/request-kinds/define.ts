import { z } from "zod";
import type { Action } from "../../../auth/policy";
import type { SessionUser } from "../../../auth/roles";
import { getRequestSummary } from "../../../changes/list-requests";
import { findClientId } from "../../../clients/queries";
import { NotFoundError } from "../../../errors";
import { defineEndpoint, type Endpoint } from "../../endpoint";
import { requestSchema } from "../../schemas";
import { requestHeaders, requestOut } from "../request-view";

// One endpoint per kind of change request. A kind for an existing client is
// POST /clients/{slug}/requests/<path>: give its body schema (the portal form's own, less the
// client id) and the lib/changes verb to call; the answer is the new request (201, Location, ETag).

export function clientRequestEndpoint<B extends z.ZodType>(options: {
  operationId: string;
  path: string;
  summary: string;
  description?: string;
  permission?: Action;
  body: B;
  run: (user: SessionUser, clientId: string, body: z.infer<B>) => Promise<{ id: string }>;
}): Endpoint {
  return defineEndpoint({
    operationId: options.operationId,
    method: "POST",
    path: `/clients/{slug}/requests/${options.path}`,
    tag: "Change requests",
    summary: options.summary,
    description: options.description,
    permission: options.permission ?? "change:request",
    params: z.object({ slug: z.string() }),
    body: options.body,
    response: { status: 201, description: "The new request, waiting for review.", schema: requestSchema },
    problems: [404, 409, 422],
    handler: async ({ user, params, body }) => {
      const clientId = await findClientId(params.slug);
      if (!clientId) throw new NotFoundError("That client");
      return created(await options.run(user, clientId, body));
    },
  });
}

export async function created(request: { id: string }) {
  const summary = await getRequestSummary(request.id);
  if (!summary) throw new NotFoundError("That change request");
  return { status: 201, headers: requestHeaders(summary), body: requestOut(summary) };
}
