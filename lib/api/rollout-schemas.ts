import { z } from "zod";
import { ROLLOUT_STATES, RESULT_LABELS, TARGET_STATES } from "../rollouts/state";
import { dateTime, pageOf } from "./schemas";

// The API's answers about fleet rollouts, as zod schemas (components of the OpenAPI document; the
// integration tests check every answer against them). Request bodies are lib/rollouts/schemas.ts's.

const link = z.string().describe("A path under this portal, e.g. /api/v1/rollouts/abc");
const count = z.number().int().min(0);
const person = z.object({ name: z.string(), email: z.string() });

export const RESULT_CODES = Object.keys(RESULT_LABELS) as [keyof typeof RESULT_LABELS, ...(keyof typeof RESULT_LABELS)[]];

export const selectionCountSchema = z
  .object({
    count: count.describe("Live clients the selection matches now (an account manager's: only their own)."),
    blueprintId: z.string(),
    toVersion: z.string().describe("The blueprint version a rollout of this selection deploys."),
    behindVersion: z.string().describe("Clients below this version match (the current version unless given)."),
  })
  .meta({ id: "RolloutSelectionCount" });

export const rolloutSchema = z
  .object({
    id: z.string(),
    blueprintId: z.string(),
    toVersion: z.string(),
    state: z.enum(ROLLOUT_STATES),
    stateLabel: z.string().describe('The state in words, e.g. "Waiting for approval".'),
    version: z.number().int().describe('Also the ETag ("v<version>") that If-Match takes.'),
    reason: z.string().nullable(),
    createdBy: person,
    createdAt: dateTime,
    startedAt: dateTime.nullable(),
    finishedAt: dateTime.nullable(),
    haltReason: z.string().nullable(),
    manifestHash: z
      .string()
      .nullable()
      .describe("sha256 of the manifest (each client, its base and new revision, its change set): what an approval binds to."),
    requiredApprovals: z.number().int(),
    monthlyDeltaUsd: z.number().describe("The cost change of every planned client together, per month."),
    planned: count.describe("Clients in the manifest and the waves (READY, RELEASED, DONE and SKIPPED)."),
    targets: z.object(Object.fromEntries(TARGET_STATES.map((s) => [s, count])) as Record<(typeof TARGET_STATES)[number], typeof count>),
    links: z.object({ self: link, portal: link, targets: link }),
  })
  .meta({ id: "Rollout" });

const waveSchema = z.object({
  index: z.number().int(),
  label: z.string(),
  count: count,
  maxConcurrency: z.number().int(),
  bakeMinutes: z.number().int(),
  tolerance: z.object({ kind: z.enum(["count", "percent"]), value: z.number().int() }),
  rules: z.string().describe('"up to 5 at once · bakes 10 min · tolerates no failures"'),
  phase: z.enum(["waiting", "running", "baking", "done"]),
  done: count,
  failed: count,
  running: count,
  waiting: count.describe("Released clients waiting for their maintenance window (not failed)."),
});

const groupSchema = z.object({
  label: z.string().describe('"A", "B", … by size, largest first.'),
  key: z.string(),
  clients: count,
  sampleNames: z.array(z.string()).describe("Up to 8 of the group's clients."),
  differences: z.array(z.string()).describe("How the group differs from the largest one."),
  disruptive: z.boolean(),
  disruptions: z.array(z.string()).describe("Replacements and disruptive parameter changes, in plain language."),
  monthlyCostDelta: z.number(),
  resourceChanges: z.array(z.object({ action: z.string(), logicalId: z.string(), resourceType: z.string(), replacement: z.string() })),
  parameterChanges: z.array(z.object({ key: z.string(), from: z.string().nullable(), to: z.string().nullable() })),
  representativeRequest: link.describe("The change request whose template and parameter diffs stand for the group's."),
});

export const rolloutDetailSchema = rolloutSchema
  .extend({
    sentence: z.string().describe('What the rollout is doing, e.g. "Waiting for approval (0 of 1 approval) to update 3 clients."'),
    selection: z.record(z.string(), z.unknown()).describe("The filters that chose the clients."),
    eta: z.object({ seconds: z.number().nullable(), sentence: z.string().nullable() }),
    groupsSentence: z.string().describe('"212 clients: diff A · 31 clients: diff B (…)"'),
    groups: z.array(groupSchema),
    waves: z.array(waveSchema),
    approvals: z.array(z.object({ approver: person, comment: z.string().nullable(), manifestHash: z.string(), createdAt: dateTime })),
    approvalsSentence: z.string().describe('"1 of 2 approvals"'),
    excluded: z.object({
      total: count,
      items: z
        .array(z.object({ id: z.string(), client: z.object({ slug: z.string(), displayName: z.string() }), reason: z.string().nullable() }))
        .describe("The first 50, with why each cannot take part."),
    }),
  })
  .meta({ id: "RolloutDetail" });

export const rolloutTargetSchema = z
  .object({
    id: z.string().describe("The target's id (for skip and retry)."),
    position: z.number().int().describe("Its place in plan order (the keyset cursor)."),
    client: z.object({ slug: z.string(), displayName: z.string(), environment: z.string() }),
    state: z.enum(TARGET_STATES),
    wave: z.number().int().nullable(),
    waveLabel: z.string().nullable(),
    result: z.enum(RESULT_CODES),
    resultLabel: z.string(),
    reason: z.string().nullable().describe("Why it failed or was skipped, as a sentence."),
    requestId: z.string().nullable(),
    links: z.object({ client: link, request: link.nullable() }),
  })
  .meta({ id: "RolloutTarget" });

export const rolloutTargetPageSchema = pageOf(rolloutTargetSchema, "RolloutTargetPage");

export const rolloutActionResultSchema = z
  .object({
    rollout: rolloutSchema,
    approved: z.boolean().optional().describe("Approve: whether this approval started the rollout."),
    approvals: z.number().int().optional().describe("Approve: valid approvals of the manifest now."),
  })
  .meta({ id: "RolloutActionResult" });
