import { z } from "zod";
import { allowedEnvironments, estimateCost, getBlueprint, listBlueprints, type Blueprint } from "../../catalog";
import { NotFoundError } from "../../errors";
import { hasBlockingFindings } from "../../guardrails";
import { propose } from "../../changes/proposal";
import { clientDetailsSchema } from "../../changes/schemas";
import { defineEndpoint } from "../endpoint";
import { blueprintSchema, previewSchema } from "../schemas";

const blueprintOut = (b: Blueprint) => ({
  id: b.id,
  name: b.name,
  description: b.description,
  sizes: b.sizes.map((s) => ({
    id: s.id,
    label: s.label,
    suits: s.suits,
    monthlyUsd: s.cost.monthlyUsd,
    environments: allowedEnvironments(b, s),
    twoApprovers: b.approval.twoApproverSizes.includes(s.id),
  })),
});

function requireBlueprint(id: string): Blueprint {
  const blueprint = getBlueprint(id);
  if (!blueprint) throw new NotFoundError(`Blueprint "${id}"`);
  return blueprint;
}

export const listBlueprintsEndpoint = defineEndpoint({
  operationId: "listBlueprints",
  method: "GET",
  path: "/blueprints",
  tag: "Catalog",
  summary: "Blueprints and their sizes, with monthly cost",
  permission: "catalog:read",
  response: { status: 200, description: "Every blueprint.", schema: z.object({ items: z.array(blueprintSchema) }) },
  handler: async () => ({ body: { items: listBlueprints().map(blueprintOut) } }),
});

export const getBlueprintEndpoint = defineEndpoint({
  operationId: "getBlueprint",
  method: "GET",
  path: "/blueprints/{blueprint}",
  tag: "Catalog",
  summary: "One blueprint and its sizes",
  permission: "catalog:read",
  params: z.object({ blueprint: z.string() }),
  response: { status: 200, description: "The blueprint.", schema: blueprintSchema },
  problems: [404],
  handler: async ({ params }) => ({ body: blueprintOut(requireBlueprint(params.blueprint)) }),
});

// The onboarding form's own fields: the preview is what the review step shows before submitting.
const previewQuery = clientDetailsSchema
  .pick({ displayName: true, environment: true, region: true })
  .extend({ include: z.enum(["template"]).optional().describe("`template` adds the rendered template to the answer.") });

export const previewEndpoint = defineEndpoint({
  operationId: "previewRender",
  method: "GET",
  path: "/blueprints/{blueprint}/sizes/{size}/preview",
  tag: "Catalog",
  summary: "Render a size for a client: template hash, cost and guardrail findings",
  description: "Changes nothing. The same render, guardrails and cost the onboarding wizard's review step shows.",
  permission: "catalog:read",
  params: z.object({ blueprint: z.string(), size: z.string() }),
  query: previewQuery,
  response: { status: 200, description: "What onboarding with these answers would propose.", schema: previewSchema },
  problems: [404, 422],
  handler: async ({ params, query, user }) => {
    const blueprint = requireBlueprint(params.blueprint);
    if (!blueprint.sizes.some((s) => s.id === params.size)) throw new NotFoundError(`Size "${params.size}"`);
    const proposal = propose({
      blueprintId: blueprint.id,
      sizeId: params.size,
      client: { displayName: query.displayName, environment: query.environment, region: query.region, owner: user.email },
      revision: 1,
    });
    const cost = estimateCost(blueprint, params.size, { region: query.region }) ?? blueprint.sizes.find((s) => s.id === params.size)!.cost;
    return {
      body: {
        blueprintId: blueprint.id,
        sizeId: params.size,
        stackName: proposal.rendered.stackName,
        sha256: proposal.rendered.sha256,
        monthlyUsd: proposal.monthlyUsd,
        costLines: cost.lines.map(({ item, quantity, unitUsd, monthlyUsd }) => ({ item, quantity, unitUsd, monthlyUsd })),
        resourceCount: proposal.rendered.summary.resourceCount,
        highlights: proposal.rendered.summary.highlights,
        findings: proposal.findings,
        blocked: hasBlockingFindings(proposal.findings),
        ...(query.include === "template" ? { template: proposal.rendered.template } : {}),
      },
    };
  },
});
