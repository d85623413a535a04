// DetectStackDrift, DescribeStackDriftDetectionStatus, DescribeStackResourceDrifts, DetectStackResourceDrift.
import type { ResourceRecord, StackRecord } from "../engine/model";
import { validationError } from "../errors";
import { checkResource } from "../drift";
import { paginate } from "../http";
import { IN_PROGRESS, requireStack, type Handler } from "./context";
import { has, own } from "../own";

function driftOut(s: StackRecord, r: ResourceRecord) {
  return {
    StackId: s.stackId,
    LogicalResourceId: r.logicalId,
    PhysicalResourceId: r.physicalId,
    ResourceType: r.type,
    ExpectedProperties: r.driftDetail?.expected,
    ActualProperties: r.driftDetail?.actual || undefined,
    PropertyDifferences: r.driftDetail?.differences ?? [],
    StackResourceDriftStatus: r.drift?.status ?? "NOT_CHECKED",
    Timestamp: r.drift?.lastCheck,
  };
}

const detectStackDrift: Handler = (p, ctx) => {
  const stack = requireStack(ctx, p.req("StackName"));
  if (IN_PROGRESS(stack.status) || stack.status === "DELETE_COMPLETE" || stack.status === "REVIEW_IN_PROGRESS") {
    throw validationError(`Drift detection is not supported for stack [${stack.stackName}] in status ${stack.status}`);
  }
  const ids = p.list("LogicalResourceIds");
  const unknown = ids.filter((id) => !has(stack.resources, id));
  if (unknown.length) throw validationError(`Resources [${unknown.join(", ")}] do not exist in stack ${stack.stackName}`);
  return { StackDriftDetectionId: ctx.drift.start(stack, ids).id };
};

const describeStackDriftDetectionStatus: Handler = (p, ctx) => {
  const id = p.req("StackDriftDetectionId");
  const d = own(ctx.store.state.drifts, id);
  if (!d) throw validationError(`Stack drift detection with id ${id} does not exist`);
  return {
    StackId: d.stackId,
    StackDriftDetectionId: d.id,
    StackDriftStatus: d.stackDriftStatus,
    DetectionStatus: d.status,
    DetectionStatusReason: d.reason,
    DriftedStackResourceCount: d.driftedCount,
    Timestamp: d.timestamp,
  };
};

const describeStackResourceDrifts: Handler = (p, ctx) => {
  const stack = requireStack(ctx, p.req("StackName"));
  const filter = p.list("StackResourceDriftStatusFilters");
  const checked = Object.values(stack.resources).filter((r) => r.drift && (!filter.length || filter.includes(r.drift.status)));
  const { page, nextToken } = paginate(checked, p.str("NextToken"), p.int("MaxResults") ?? ctx.config.pageSize, (r) => r.logicalId);
  return { StackResourceDrifts: page.map((r) => driftOut(stack, r)), NextToken: nextToken };
};

const detectStackResourceDrift: Handler = (p, ctx) => {
  const stack = requireStack(ctx, p.req("StackName"));
  const id = p.req("LogicalResourceId");
  const r = own(stack.resources, id);
  if (!r || !r.physicalId) throw validationError(`Resource ${id} does not exist for stack ${stack.stackName}`);
  checkResource(r, new Date().toISOString());
  ctx.store.touch(stack.stackId);
  return { StackResourceDrift: driftOut(stack, r) };
};

export const driftActions: Record<string, Handler> = {
  DetectStackDrift: detectStackDrift,
  DescribeStackDriftDetectionStatus: describeStackDriftDetectionStatus,
  DescribeStackResourceDrifts: describeStackResourceDrifts,
  DetectStackResourceDrift: detectStackResourceDrift,
};
