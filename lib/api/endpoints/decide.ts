import { z } from "zod";
import { approveRequest, cancelRequest, rejectRequest } from "../../changes/decide";
import { getRequestSummary } from "../../changes/list-requests";
import { rerenderRequest } from "../../changes/rerender";
import { commentSchema, rejectCommentSchema } from "../../changes/schemas";
import type { Action } from "../../auth/policy";
import type { SessionUser } from "../../auth/roles";
import { NotFoundError } from "../../errors";
import { defineEndpoint, type Endpoint } from "../endpoint";
import { atVersion } from "../http";
import { decisionResultSchema } from "../schemas";
import { requestHeaders, requestOut } from "./request-view";

// Approve, reject, cancel and re-render: the review page's actions, through the same lib/changes
// calls. If-Match (the ETag of GET /requests/{id}) makes the decision only on what was read.

async function summaryOf(id: string) {
  const summary = await getRequestSummary(id);
  if (!summary) throw new NotFoundError("That change request");
  return summary;
}

function decision(
  verb: string,
  options: {
    summary: string;
    permission: Action;
    body?: z.ZodType;
    run: (
      user: SessionUser,
      id: string,
      version: number,
      body: Record<string, string | undefined>,
    ) => Promise<Record<string, unknown> | void>;
  },
): Endpoint {
  return defineEndpoint({
    operationId: `${verb}Request`,
    method: "POST",
    path: `/requests/{id}/${verb}`,
    tag: "Change requests",
    summary: options.summary,
    permission: options.permission,
    params: z.object({ id: z.string().max(64) }),
    ...(options.body ? { body: options.body } : {}),
    ifMatch: true,
    response: { status: 200, description: "The request as it is now (with its new ETag).", schema: decisionResultSchema },
    problems: [404, 409, 412, 422],
    handler: async ({ user, params, body, ifMatch }) => {
      const extra = await atVersion(
        ifMatch,
        async () => (await summaryOf(params.id)).version,
        (version) => options.run(user, params.id, version, (body ?? {}) as Record<string, string>),
      );
      const after = await summaryOf(params.id);
      return { headers: requestHeaders(after), body: { request: requestOut(after), ...(extra ?? {}) } };
    },
  });
}

export const approveEndpoint = decision("approve", {
  summary: "Approve (engineers; never your own request, never a service account)",
  permission: "change:review",
  body: z.object({ comment: commentSchema.optional() }),
  run: async (user, requestId, version, body) => {
    const result = await approveRequest(user, { requestId, version, comment: body.comment });
    return { approved: result.approved, approvals: result.approvals };
  },
});

export const rejectEndpoint = decision("reject", {
  summary: "Reject, with a reason",
  permission: "change:review",
  body: z.object({ comment: rejectCommentSchema }),
  run: async (user, requestId, version, body) => {
    await rejectRequest(user, { requestId, version, comment: body.comment! });
  },
});

export const cancelEndpoint = decision("cancel", {
  summary: "Withdraw your own request before it runs",
  // Who may cancel depends on the request (its requester): cancelRequest decides, with change:cancel.
  permission: "change:read",
  run: async (user, requestId, version) => {
    await cancelRequest(user, { requestId, version });
  },
});

export const rerenderEndpoint = decision("rerender", {
  summary: "Render a stale resize again against the client's current revision (voids its approvals)",
  permission: "change:request",
  run: async (user, requestId) => {
    await rerenderRequest(user, { requestId });
  },
});
