import { z } from "zod";
import { getBlueprint } from "../../catalog";
import { NotFoundError } from "../../errors";
import { createRollout } from "../../rollouts/decide";
import type { Wave } from "../../rollouts/plan";
import { getRolloutPage, getRolloutSummary, listRollouts, listRolloutTargets } from "../../rollouts/queries";
import { createRolloutSchema, selectionSchema } from "../../rollouts/schemas";
import { countSelection } from "../../rollouts/select";
import { RESULT_FILTERS } from "../../rollouts/view";
import { defineEndpoint } from "../endpoint";
import { etagOf, nextLink } from "../http";
import { rolloutDetailSchema, rolloutSchema, rolloutTargetPageSchema, selectionCountSchema } from "../rollout-schemas";
import { pageOf } from "../schemas";
import { rolloutDetailOut, rolloutHeaders, rolloutOut, targetOut } from "./rollout-view";

// Fleet rollouts, read and prepared: the /rollouts pages' queries and the "new rollout" form's
// count and action, through the same lib/rollouts calls (an account manager's selection is only
// ever their own clients: lib/rollouts/select.ts decides).

const tag = "Rollouts";
export const rolloutParams = z.object({ id: z.string().min(1).max(64) });

export async function summaryOf(id: string) {
  const summary = await getRolloutSummary(id);
  if (!summary) throw new NotFoundError("That rollout");
  return summary;
}

export const listRolloutsEndpoint = defineEndpoint({
  operationId: "listRollouts",
  method: "GET",
  path: "/rollouts",
  tag,
  summary: "Rollouts, newest first, with keyset pages",
  permission: "rollout:read",
  query: z.object({
    after: z
      .string()
      .regex(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z\|[\w-]{1,64}$/, "Use the `next` link's cursor")
      .optional()
      .describe("Cursor (use the `next` link)."),
  }),
  response: { status: 200, description: "One page of rollouts.", schema: pageOf(rolloutSchema, "RolloutPage") },
  problems: [422],
  handler: async ({ query, url }) => {
    const page = await listRollouts(query.after);
    return { body: { items: page.rows.map(rolloutOut), next: nextLink(url, "after", page.next) } };
  },
});

export const countRolloutSelectionEndpoint = defineEndpoint({
  operationId: "countRolloutSelection",
  method: "GET",
  path: "/rollouts/count",
  tag,
  summary: "How many live clients a selection matches now, before anything is prepared",
  description: "The new-rollout form's live count. The filters are POST /rollouts's; an account manager counts only their own clients.",
  permission: "rollout:create",
  query: selectionSchema,
  response: { status: 200, description: "The live count.", schema: selectionCountSchema },
  problems: [422],
  handler: async ({ query, user }) => {
    const count = await countSelection(query, user);
    const blueprint = getBlueprint(query.blueprintId)!; // countSelection refused an unknown one
    return {
      body: { count, blueprintId: blueprint.id, toVersion: blueprint.version, behindVersion: query.behindVersion ?? blueprint.version },
    };
  },
});

export const createRolloutEndpoint = defineEndpoint({
  operationId: "createRollout",
  method: "POST",
  path: "/rollouts",
  tag,
  summary: "Prepare a rollout of the blueprint's current version to the clients a selection matches",
  description:
    "Answers at once with the rollout PREPARING: the worker renders each client, runs the guardrails and creates its change set, " +
    "a few per pass. Follow its Location until the state is REVIEW, then read the groups and manifestHash and have a second engineer approve.",
  permission: "rollout:create",
  body: createRolloutSchema,
  response: { status: 202, description: "The rollout, being prepared (Location, ETag).", schema: rolloutSchema },
  problems: [404, 409, 422],
  handler: async ({ user, body }) => {
    const { reason, ...selection } = body;
    const rollout = await createRollout(user, { selection, reason });
    const summary = await summaryOf(rollout.id);
    return { status: 202, headers: rolloutHeaders(summary), body: rolloutOut(summary) };
  },
});

export const getRolloutEndpoint = defineEndpoint({
  operationId: "getRollout",
  method: "GET",
  path: "/rollouts/{id}",
  tag,
  summary: "One rollout: its state, groups with their disruptions and cost, waves, manifest hash, approvals, excluded clients",
  description: "The ETag is the rollout's version: send it as If-Match when editing the waves, approving, pausing, resuming or aborting.",
  permission: "rollout:read",
  params: rolloutParams,
  response: { status: 200, description: "The rollout.", schema: rolloutDetailSchema },
  problems: [404],
  handler: async ({ params }) => {
    const now = new Date();
    const page = await getRolloutPage(params.id, { result: "all", now, diffs: false });
    if (!page) throw new NotFoundError("That rollout");
    return { headers: { ETag: etagOf(page.rollout.version) }, body: rolloutDetailOut(page, now) };
  },
});

export const listRolloutTargetsEndpoint = defineEndpoint({
  operationId: "listRolloutTargets",
  method: "GET",
  path: "/rollouts/{id}/targets",
  tag,
  summary: "The rollout's clients with their results, in plan order, filtered by result, with keyset pages",
  permission: "rollout:read",
  params: rolloutParams,
  query: z.object({
    result: z
      .enum(RESULT_FILTERS, { error: `Use one of ${RESULT_FILTERS.join(", ")}` })
      .default("all")
      .describe(`One of ${RESULT_FILTERS.join(", ")}.`),
    after: z.coerce
      .number({ error: "Use the `next` link's cursor" })
      .int("Use the `next` link's cursor")
      .min(0)
      .max(1_000_000)
      .optional()
      .describe("Cursor: the last position of the previous page (use the `next` link)."),
  }),
  response: { status: 200, description: "One page of the rollout's clients.", schema: rolloutTargetPageSchema },
  problems: [404, 422],
  handler: async ({ params, query, url }) => {
    const rollout = await summaryOf(params.id);
    const waves = rollout.waves ? (JSON.parse(rollout.waves) as Wave[]) : [];
    const page = await listRolloutTargets(rollout.id, { result: query.result, after: query.after });
    return { body: { items: page.rows.map((t) => targetOut(t, waves)), next: nextLink(url, "after", page.nextAfter) } };
  },
});
