import { z } from "zod";
import { KINDS, STATES } from "../changes/state-machine";

// The API's answers, as zod schemas: the OpenAPI document's components come from these, and the
// integration tests check every answer against them. Request bodies reuse lib/<concern>/schemas.ts.

export const dateTime = z.string().meta({ format: "date-time" });
const link = z.string().describe("A path under this portal, e.g. /api/v1/clients/acme");

export const pageOf = <T extends z.ZodType>(item: T, id: string) =>
  z
    .object({
      items: z.array(item),
      total: z.number().int().optional().describe("How many items match in all (when cheap to count)."),
      next: link.nullable().describe("The next page (keyset cursor), or null on the last page."),
    })
    .meta({ id });

export const meSchema = z
  .object({
    id: z.string(),
    email: z.string(),
    name: z.string(),
    role: z.string(),
    serviceAccount: z.boolean(),
    token: z.object({ id: z.string(), scopes: z.array(z.string()).nullable() }).nullable(),
  })
  .meta({ id: "Me" });

export const sizeSchema = z
  .object({
    id: z.string(),
    label: z.string(),
    suits: z.string(),
    monthlyUsd: z.number(),
    environments: z.array(z.string()).describe("Environments this size may be used in."),
    twoApprovers: z.boolean(),
  })
  .meta({ id: "Size" });

export const blueprintSchema = z
  .object({ id: z.string(), name: z.string(), description: z.string(), sizes: z.array(sizeSchema) })
  .meta({ id: "Blueprint" });

export const findingSchema = z
  .object({ ruleId: z.string(), severity: z.enum(["error", "warning"]), message: z.string(), resource: z.string() })
  .meta({ id: "Finding" });

export const previewSchema = z
  .object({
    blueprintId: z.string(),
    sizeId: z.string(),
    stackName: z.string(),
    sha256: z.string(),
    monthlyUsd: z.number(),
    costLines: z.array(z.object({ item: z.string(), quantity: z.number(), unitUsd: z.number(), monthlyUsd: z.number() })),
    resourceCount: z.number().int(),
    highlights: z.array(z.string()),
    findings: z.array(findingSchema),
    blocked: z.boolean().describe("True when a guardrail error would refuse this onboarding."),
    template: z.record(z.string(), z.unknown()).optional().describe("The rendered template (with include=template)."),
  })
  .meta({ id: "RenderPreview" });

export const clientSchema = z
  .object({
    slug: z.string(),
    displayName: z.string(),
    blueprintId: z.string(),
    sizeId: z.string(),
    environment: z.string(),
    region: z.string(),
    status: z.string(),
    updatedAt: dateTime,
    links: z.object({ self: link, portal: link }),
  })
  .meta({ id: "Client" });

export const operationSchema = z
  .object({
    id: z.string(),
    kind: z.string(),
    phase: z.string().describe("STARTING, IN_PROGRESS or DONE."),
    stackStatus: z.string().nullable(),
    statusReason: z.string().nullable(),
    requestId: z.string(),
    startedAt: dateTime,
    finishedAt: dateTime.nullable(),
  })
  .meta({ id: "Operation" });

export const progressSchema = z
  .object({ done: z.number(), total: z.number(), percent: z.number(), etaSeconds: z.number().nullable(), failed: z.boolean() })
  .meta({ id: "Progress" });

export const clientDetailSchema = clientSchema
  .extend({
    statusReason: z.string().nullable(),
    stackName: z.string(),
    stackStatus: z.string().nullable(),
    outputs: z.record(z.string(), z.string()),
    owner: z.object({ name: z.string(), email: z.string() }),
    revision: z.number().int().nullable().describe("The live revision's number (null before the first launch)."),
    drift: z.object({ status: z.string().nullable(), checkedAt: dateTime.nullable() }),
    operation: operationSchema.nullable().describe("The latest operation."),
    progress: progressSchema.nullable(),
    openRequests: z.array(z.object({ id: z.string(), kind: z.string(), state: z.string() })),
  })
  .meta({ id: "ClientDetail" });

export const eventSchema = z
  .object({
    seq: z.number().int().describe("Increasing: pass the last one as `after` to read only newer events."),
    logicalId: z.string(),
    resourceType: z.string(),
    status: z.string(),
    reason: z.string().nullable(),
    timestamp: dateTime,
  })
  .meta({ id: "StackEvent" });

export const eventPageSchema = z
  .object({
    operation: operationSchema,
    events: z.array(eventSchema),
    cursor: z.number().int().describe("The last seq returned (or the `after` given): the next call's `after`."),
    next: link.nullable().describe("The next page while more events are stored; null when caught up."),
    done: z.boolean().describe("True once the operation has ended and every event has been returned."),
  })
  .meta({ id: "StackEventPage" });

const approvalSchema = z.object({
  approver: z.object({ name: z.string(), email: z.string() }),
  comment: z.string().nullable(),
  revisionSha: z.string(),
  changeSetId: z.string().nullable(),
  voided: z.boolean(),
  createdAt: dateTime,
});

export const requestSchema = z
  .object({
    id: z.string(),
    kind: z.enum(KINDS),
    state: z.enum(STATES),
    version: z.number().int().describe('Also the ETag ("v<version>") that If-Match takes.'),
    client: z.object({ slug: z.string(), displayName: z.string(), environment: z.string() }),
    requester: z.object({ name: z.string(), email: z.string() }),
    fromSizeId: z.string().nullable(),
    toSizeId: z.string().nullable(),
    requiredApprovals: z.number().int(),
    approvals: z.number().int().describe("Valid approvals so far."),
    monthlyDeltaUsd: z.number(),
    reason: z.string().nullable(),
    createdAt: dateTime,
    links: z.object({ self: link, portal: link, client: link }),
  })
  .meta({ id: "ChangeRequest" });

const hunkSchema = z.object({ lines: z.array(z.object({ kind: z.string(), text: z.string() })) }).loose();
const diffSchema = z.object({ hunks: z.array(hunkSchema), stats: z.object({ added: z.number(), removed: z.number() }).loose() });

export const requestDetailSchema = requestSchema
  .extend({
    decisionReason: z.string().nullable(),
    failureReason: z.string().nullable(),
    stale: z.boolean().describe("The client changed since this request was made: it must be re-rendered before approval."),
    revision: z.object({ number: z.number().int(), sha256: z.string() }).nullable(),
    baseRevision: z.object({ number: z.number().int(), sha256: z.string() }).nullable(),
    diff: z.object({ template: diffSchema, parameters: diffSchema }),
    changeSet: z
      .object({ id: z.string(), status: z.string(), reason: z.string().optional(), changes: z.array(z.record(z.string(), z.unknown())) })
      .nullable(),
    findings: z.array(findingSchema),
    approvalList: z.array(approvalSchema),
    timeline: z.array(z.object({ seq: z.number().int(), at: dateTime, actor: z.string(), action: z.string() })),
  })
  .meta({ id: "ChangeRequestDetail" });

export const decisionResultSchema = z
  .object({ request: requestSchema, approved: z.boolean().optional(), approvals: z.number().int().optional() })
  .meta({ id: "DecisionResult" });

export const auditEntrySchema = z
  .object({
    seq: z.number().int(),
    at: dateTime,
    actorId: z.string().nullable(),
    actorLabel: z.string(),
    action: z.string(),
    entityType: z.string(),
    entityId: z.string().nullable(),
    clientId: z.string().nullable(),
    clientSlug: z.string().nullable(),
    via: z
      .string()
      .nullable()
      .describe('How the actor acted: "api:<token id>" through an API token, "api" with a session, null in the portal.'),
  })
  .meta({ id: "AuditEntry" });

export const auditEntryDetailSchema = auditEntrySchema
  .extend({ before: z.string().nullable(), after: z.string().nullable(), prevHash: z.string(), hash: z.string() })
  .meta({ id: "AuditEntryDetail" });

export const webhookSchema = z
  .object({
    id: z.string(),
    url: z.string(),
    description: z.string(),
    events: z.array(z.string()),
    enabled: z.boolean(),
    pending: z.number().int(),
    failed: z.number().int(),
    createdAt: dateTime,
  })
  .meta({ id: "Webhook" });

export const deliverySchema = z
  .object({
    id: z.string(),
    event: z.string(),
    status: z.string(),
    attempts: z.number().int(),
    lastStatusCode: z.number().int().nullable(),
    lastError: z.string().nullable(),
    createdAt: dateTime,
    deliveredAt: dateTime.nullable(),
  })
  .meta({ id: "WebhookDelivery" });

export const webhookDetailSchema = webhookSchema
  .extend({ deliveries: z.array(deliverySchema), next: link.nullable() })
  .meta({ id: "WebhookDetail" });

export const webhookSecretSchema = z
  .object({ id: z.string(), secret: z.string().describe("Shown this once: store it now.") })
  .meta({ id: "WebhookSecret" });
