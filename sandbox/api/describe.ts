// Read-only stack actions: DescribeStacks, ListStacks, DescribeStackEvents, DescribeStackResource(s),
// ListStackResources, GetTemplate, GetTemplateSummary, ValidateTemplate.
import { stackDoesNotExist, stackNotFound, validationError } from "../errors";
import { pageNewestFirst, paginate } from "../http";
import { analyzeTemplate } from "../template/analyze";
import { isNoEcho } from "../template/parameters";
import { findStack, requireStack, templateBodyFrom, visibleTo, type ApiContext, type Handler } from "./context";
import type { StackRecord } from "../engine/model";
import { eventOut, resourceDetailOut, resourceOut, resourceSummaryOut, stackOut, stackSummaryOut } from "./serialize";
import { findChangeSet } from "./changesets";
import { own } from "../own";

/** Stacks newest first; the stack id breaks ties, so the order (and a page's anchor) is total. */
const stackKey = (s: StackRecord) => `${s.creationTime}|${s.stackId}`;

const describeStacks: Handler = (p, ctx) => {
  const name = p.str("StackName");
  if (name) return { Stacks: [stackOut(requireStack(ctx, name))] };
  const live = Object.values(ctx.store.stacks).filter((s) => s.status !== "DELETE_COMPLETE" && visibleTo(ctx, s.stackId));
  const { page, nextToken } = paginate(live, p.str("NextToken"), ctx.config.pageSize, stackKey, true);
  return { Stacks: page.map(stackOut), NextToken: nextToken };
};

const listStacks: Handler = (p, ctx) => {
  const filter = p.list("StackStatusFilter");
  const all = Object.values(ctx.store.stacks).filter((s) => (!filter.length || filter.includes(s.status)) && visibleTo(ctx, s.stackId));
  const { page, nextToken } = paginate(all, p.str("NextToken"), ctx.config.pageSize, stackKey, true);
  return { StackSummaries: page.map((s) => stackSummaryOut(s, s.description)), NextToken: nextToken };
};

const describeStackEvents: Handler = (p, ctx) => {
  const name = p.req("StackName");
  const stack = findStack(ctx, name);
  if (!stack) throw stackDoesNotExist(name);
  const { page, nextToken } = pageNewestFirst(stack.events, p.str("NextToken"), ctx.config.pageSize);
  return { StackEvents: page.map((e) => eventOut(stack, e)), NextToken: nextToken };
};

function stackForResources(ctx: ApiContext, name: string | undefined, physicalId: string | undefined) {
  if (name) return requireStack(ctx, name);
  if (!physicalId) throw validationError("Either StackName or PhysicalResourceId must be specified.");
  for (const s of Object.values(ctx.store.stacks)) {
    if (visibleTo(ctx, s.stackId) && Object.values(s.resources).some((r) => r.physicalId === physicalId)) return s;
  }
  throw stackNotFound(physicalId);
}

const describeStackResources: Handler = (p, ctx) => {
  const stack = stackForResources(ctx, p.str("StackName"), p.str("PhysicalResourceId"));
  const logicalId = p.str("LogicalResourceId");
  const resources = Object.values(stack.resources).filter((r) => !logicalId || r.logicalId === logicalId);
  return { StackResources: resources.map((r) => resourceOut(stack, r)) };
};

const describeStackResource: Handler = (p, ctx) => {
  const name = p.req("StackName");
  const stack = findStack(ctx, name);
  if (!stack) throw validationError(`Stack '${name}' does not exist`);
  const id = p.req("LogicalResourceId");
  const r = own(stack.resources, id);
  if (!r) throw validationError(`Resource ${id} does not exist for stack ${stack.stackName}`);
  const body = ctx.store.state.templates[stack.templateHash];
  const metadata = body ? analyzeTemplate(body).template.Resources[id]?.Metadata : undefined;
  return { StackResourceDetail: resourceDetailOut(stack, r, metadata) };
};

const listStackResources: Handler = (p, ctx) => {
  const stack = requireStack(ctx, p.req("StackName"));
  const { page, nextToken } = paginate(Object.values(stack.resources), p.str("NextToken"), ctx.config.pageSize, (r) => r.logicalId);
  return { StackResourceSummaries: page.map(resourceSummaryOut), NextToken: nextToken };
};

const getTemplate: Handler = (p, ctx) => {
  const csName = p.str("ChangeSetName");
  if (csName) {
    const cs = findChangeSet(ctx, csName, p.str("StackName"));
    return { TemplateBody: ctx.store.state.templates[cs.target.templateHash], StagesAvailable: ["Original", "Processed"] };
  }
  const stack = requireStack(ctx, p.req("StackName"));
  return { TemplateBody: ctx.store.state.templates[stack.templateHash], StagesAvailable: ["Original", "Processed"] };
};

function bodyForSummary(ctx: ApiContext, p: Parameters<Handler>[0]): string {
  const stackName = p.str("StackName");
  if (stackName) {
    const stack = findStack(ctx, stackName);
    if (!stack || !stack.templateHash) throw stackNotFound(stackName);
    return ctx.store.state.templates[stack.templateHash];
  }
  const body = templateBodyFrom(p);
  if (!body) throw validationError("Either Template URL or Template Body must be specified.");
  return body;
}

const getTemplateSummary: Handler = (p, ctx) => {
  const a = analyzeTemplate(bodyForSummary(ctx, p));
  const t = a.template;
  const byType = new Map<string, string[]>();
  for (const [id, r] of Object.entries(t.Resources)) byType.set(r.Type, [...(byType.get(r.Type) ?? []), id]);
  return {
    Parameters: Object.entries(t.Parameters ?? {}).map(([key, d]) => ({
      ParameterKey: key,
      DefaultValue: d.Default === undefined ? undefined : String(d.Default),
      ParameterType: d.Type,
      NoEcho: isNoEcho(d),
      Description: d.Description,
      ParameterConstraints: { AllowedValues: d.AllowedValues?.map(String) },
    })),
    Description: t.Description,
    Capabilities: a.capabilities,
    CapabilitiesReason: a.capabilitiesReason,
    ResourceTypes: a.resourceTypes,
    Version: t.AWSTemplateFormatVersion,
    Metadata: t.Metadata === undefined ? undefined : JSON.stringify(t.Metadata),
    DeclaredTransforms: t.Transform === undefined ? [] : [t.Transform].flat().map(String),
    ResourceIdentifierSummaries: [...byType.entries()].map(([type, ids]) => ({
      ResourceType: type,
      LogicalResourceIds: ids,
      ResourceIdentifiers: [],
    })),
  };
};

const validateTemplate: Handler = (p) => {
  const body = templateBodyFrom(p);
  if (!body) throw validationError("Either Template URL or Template Body must be specified.");
  const a = analyzeTemplate(body);
  const t = a.template;
  return {
    Parameters: Object.entries(t.Parameters ?? {}).map(([key, d]) => ({
      ParameterKey: key,
      DefaultValue: d.Default === undefined ? undefined : String(d.Default),
      NoEcho: isNoEcho(d),
      Description: d.Description,
    })),
    Description: t.Description,
    Capabilities: a.capabilities,
    CapabilitiesReason: a.capabilitiesReason,
    DeclaredTransforms: t.Transform === undefined ? [] : [t.Transform].flat().map(String),
  };
};

export const describeActions: Record<string, Handler> = {
  DescribeStacks: describeStacks,
  ListStacks: listStacks,
  DescribeStackEvents: describeStackEvents,
  DescribeStackResources: describeStackResources,
  DescribeStackResource: describeStackResource,
  ListStackResources: listStackResources,
  GetTemplate: getTemplate,
  GetTemplateSummary: getTemplateSummary,
  ValidateTemplate: validateTemplate,
};
