import { z } from "zod";
import type { SessionUser } from "../../auth/roles";
import { NotFoundError, ValidationError, type FieldErrors } from "../../errors";
import { approveRollout, controlRollout, editWaves, retryTarget, skipTarget } from "../../rollouts/decide";
import { getRolloutPage } from "../../rollouts/queries";
import { approveRolloutSchema, controlRolloutSchema, skipTargetSchema, wavePlanSchema } from "../../rollouts/schemas";
import { defineEndpoint, type Endpoint } from "../endpoint";
import { atVersion } from "../http";
import { rolloutActionResultSchema, rolloutDetailSchema } from "../rollout-schemas";
import { rolloutDetailOut, rolloutHeaders, rolloutOut } from "./rollout-view";
import { rolloutParams, summaryOf } from "./rollouts";

// What people do to a rollout: the rollout page's forms, through the same lib/rollouts/decide.ts
// calls (their authorize(), their transactions and change-log entries). If-Match (the ETag of
// GET /rollouts/{id}) acts only on what was read; an approval also binds to the manifest's hash.

const tag = "Rollouts";
const currentVersion = (id: string) => async () => (await summaryOf(id)).version;

async function answer(id: string, extra: Record<string, unknown> = {}) {
  const after = await summaryOf(id);
  return { headers: rolloutHeaders(after), body: { rollout: rolloutOut(after), ...extra } };
}

/**
 * The plan's rules (lib/rollouts/plan.ts) name a wave's tolerance `waves.N.tolerance`, the form's
 * one field for it; in a JSON body it is `toleranceValue`, so the error is named after that.
 */
function bodyFieldErrors(errors: FieldErrors): FieldErrors {
  return Object.fromEntries(
    Object.entries(errors).map(([key, messages]) => [key.replace(/^(waves\.\d+)\.tolerance$/, "$1.toleranceValue"), messages]),
  );
}

export const editWavesEndpoint = defineEndpoint({
  operationId: "editRolloutWaves",
  method: "PUT",
  path: "/rollouts/{id}/waves",
  tag,
  summary: "Replace the wave plan before approval (the sizes must add up to the planned clients)",
  description:
    "Field errors name the wave's field, e.g. `waves.1.count`, `waves.0.toleranceValue` (a percentage over 100), or `waves` (sizes that do not add up). " +
    "Approvals are of the manifest, so they still count after a change of waves.",
  permission: "rollout:control",
  params: rolloutParams,
  body: wavePlanSchema,
  ifMatch: true,
  response: { status: 200, description: "The rollout with its new waves (and ETag).", schema: rolloutDetailSchema },
  problems: [404, 409, 412, 422],
  handler: async ({ user, params, body, ifMatch }) => {
    await atVersion(ifMatch, currentVersion(params.id), (version) =>
      editWaves(user, { rolloutId: params.id, version, waves: body }).catch((error: unknown) => {
        throw error instanceof ValidationError ? new ValidationError(bodyFieldErrors(error.fieldErrors), error.message) : error;
      }),
    );
    const now = new Date();
    const page = await getRolloutPage(params.id, { result: "all", now, diffs: false });
    if (!page) throw new NotFoundError("That rollout");
    return { headers: rolloutHeaders(page.rollout), body: rolloutDetailOut(page, now) };
  },
});

export const approveRolloutEndpoint = defineEndpoint({
  operationId: "approveRollout",
  method: "POST",
  path: "/rollouts/{id}/approve",
  tag,
  summary: "Approve the manifest you reviewed (engineers; never your own rollout, never a service account)",
  description:
    "Send the `manifestHash` that GET /rollouts/{id} showed you. If the rollout was prepared again or a client's revision moved since, " +
    "the hash no longer matches: 422 with an error under `manifestHash`, and nothing is written.",
  // The rollout page's gate; approveRollout checks rollout:approve against the rollout's creator.
  permission: "rollout:control",
  params: rolloutParams,
  body: approveRolloutSchema.pick({ manifestHash: true, comment: true }),
  ifMatch: true,
  response: { status: 200, description: "The rollout as it is now (RUNNING once approved enough).", schema: rolloutActionResultSchema },
  problems: [404, 409, 412, 422],
  handler: async ({ user, params, body, ifMatch }) => {
    const result = await atVersion(ifMatch, currentVersion(params.id), (version) =>
      approveRollout(user, { rolloutId: params.id, version, manifestHash: body.manifestHash, comment: body.comment }),
    );
    return answer(params.id, { approved: result.approved, approvals: result.approvals });
  },
});

function control(verb: "pause" | "resume" | "abort", summary: string): Endpoint {
  return defineEndpoint({
    operationId: `${verb}Rollout`,
    method: "POST",
    path: `/rollouts/{id}/${verb}`,
    tag,
    summary,
    permission: "rollout:control",
    params: rolloutParams,
    body: controlRolloutSchema.pick({ reason: true }),
    ifMatch: true,
    response: { status: 200, description: "The rollout as it is now (with its new ETag).", schema: rolloutActionResultSchema },
    problems: [404, 409, 412, 422],
    handler: async ({ user, params, body, ifMatch }) => {
      await atVersion(ifMatch, currentVersion(params.id), (version) =>
        controlRollout(user, { rolloutId: params.id, version, control: verb, reason: body.reason }),
      );
      return answer(params.id);
    },
  });
}

export const pauseRolloutEndpoint = control("pause", "Pause: no new client starts; those updating finish");
export const resumeRolloutEndpoint = control("resume", "Resume a paused or halted rollout (a halt's cause is looked at again)");
export const abortRolloutEndpoint = control(
  "abort",
  "Abort: nothing new starts, updated clients stay so, requests not begun are cancelled",
);

const targetParams = z.object({ id: z.string().min(1).max(64), targetId: z.string().min(1).max(64) });

function targetAction<B extends z.ZodType>(options: {
  verb: "skip" | "retry";
  summary: string;
  body?: B;
  run: (user: SessionUser, rolloutId: string, targetId: string, body: z.infer<B>) => Promise<void>;
}): Endpoint {
  return defineEndpoint({
    operationId: `${options.verb}RolloutTarget`,
    method: "POST",
    path: `/rollouts/{id}/targets/{targetId}/${options.verb}`,
    tag,
    summary: options.summary,
    permission: "rollout:control",
    params: targetParams,
    ...(options.body ? { body: options.body } : {}),
    response: { status: 200, description: "The rollout as it is now.", schema: rolloutActionResultSchema },
    problems: [404, 409, 422],
    handler: async ({ user, params, body }) => {
      await options.run(user, params.id, params.targetId, body as z.infer<B>);
      return answer(params.id);
    },
  });
}

export const skipTargetEndpoint = targetAction({
  verb: "skip",
  summary: "Take one client out of the rollout, with the reason (before approval its manifest changes: approve again)",
  body: skipTargetSchema.pick({ reason: true }),
  run: (user, rolloutId, targetId, body) => skipTarget(user, { rolloutId, targetId, reason: body.reason }),
});

export const retryTargetEndpoint = targetAction({
  verb: "retry",
  summary: "Try a failed client again: a new change set, so the rollout is prepared and reviewed again",
  run: (user, rolloutId, targetId) => retryTarget(user, { rolloutId, targetId }),
});
