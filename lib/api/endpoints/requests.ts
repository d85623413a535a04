import { z } from "zod";
import { getRequestSummary, listRequests } from "../../changes/list-requests";
import { getRequest } from "../../changes/queries";
import { KINDS, STATES } from "../../changes/state-machine";
import { revisionDiff } from "../../changes/revision-diff";
import { NotFoundError } from "../../errors";
import type { ChangeSetSummary } from "../../tracker/changesets";
import { defineEndpoint } from "../endpoint";
import { etagOf, nextLink } from "../http";
import { pageOf, requestDetailSchema, requestSchema } from "../schemas";
import { requestOut } from "./request-view";

/** A state or kind in any case ("pending" is PENDING). */
const anyCase = (values: readonly string[]) =>
  z
    .string()
    .transform((v) => v.toUpperCase())
    .pipe(z.enum(values as [string, ...string[]], { error: `Use one of ${values.join(", ")}` }));

export const listRequestsEndpoint = defineEndpoint({
  operationId: "listRequests",
  method: "GET",
  path: "/requests",
  tag: "Change requests",
  summary: "Change requests, newest first, with filters and keyset pages",
  permission: "change:read",
  query: z.object({
    state: anyCase(STATES)
      .optional()
      .describe(`One of ${STATES.join(", ")} (any case).`),
    kind: anyCase(KINDS).optional(),
    client: z.string().trim().max(100).optional().describe("A client's slug."),
    mine: z.enum(["true", "false"]).optional().describe("true: only requests made by the caller."),
    after: z.string().max(200).optional().describe("Cursor (use the `next` link)."),
  }),
  response: { status: 200, description: "One page of requests.", schema: pageOf(requestSchema, "ChangeRequestPage") },
  problems: [422],
  handler: async ({ query, url, user }) => {
    const page = await listRequests({
      state: query.state as never,
      kind: query.kind as never,
      client: query.client,
      requesterId: query.mine === "true" ? user.id : undefined,
      after: query.after,
    });
    return { body: { items: page.rows.map(requestOut), total: page.total, next: nextLink(url, "after", page.nextCursor) } };
  },
});

const revisionRef = (r: { number: number; sha256: string } | null | undefined) => (r ? { number: r.number, sha256: r.sha256 } : null);

export const getRequestEndpoint = defineEndpoint({
  operationId: "getRequest",
  method: "GET",
  path: "/requests/{id}",
  tag: "Change requests",
  summary: "One change request: template and parameter diffs, change set, findings, approvals",
  description: "The ETag is the request's version: send it as If-Match when approving, rejecting or cancelling.",
  permission: "change:read",
  params: z.object({ id: z.string().max(64) }),
  response: { status: 200, description: "The request.", schema: requestDetailSchema },
  problems: [404],
  handler: async ({ params }) => {
    const [request, summary] = await Promise.all([getRequest(params.id), getRequestSummary(params.id)]);
    if (!request || !summary) throw new NotFoundError("That change request");
    const diff = revisionDiff(request.baseRevision, request.revision);
    const changeSet = request.changeSetId && request.changeSetSummary ? (JSON.parse(request.changeSetSummary) as ChangeSetSummary) : null;
    return {
      headers: { ETag: etagOf(request.version) },
      body: {
        ...requestOut(summary),
        decisionReason: request.decisionReason,
        failureReason: request.failureReason,
        stale: Boolean(
          request.baseRevisionId && request.baseRevisionId !== request.client.currentRevisionId && request.state === "PENDING",
        ),
        revision: revisionRef(request.revision),
        baseRevision: revisionRef(request.baseRevision),
        diff: { template: diff.body, parameters: diff.parameters },
        changeSet: changeSet && request.changeSetId ? { id: request.changeSetId, ...changeSet } : null,
        findings: request.findings,
        approvalList: request.approvals.map((a) => ({
          approver: a.approver,
          comment: a.comment,
          revisionSha: a.revisionSha,
          changeSetId: a.changeSetId,
          voided: a.voided,
          createdAt: a.createdAt.toISOString(),
        })),
        timeline: request.timeline.map((t) => ({ seq: t.seq, at: t.at.toISOString(), actor: t.actorLabel, action: t.action })),
      },
    };
  },
});
