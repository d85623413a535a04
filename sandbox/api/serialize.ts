// Records → the shapes CloudFormation's API returns (element names as the SDK's deserializer
// expects them; see @aws-sdk/client-cloudformation dist-es/schemas).
import type { ChangeSetRecord, ResourceRecord, RollbackConfiguration, StackEvent, StackRecord } from "../engine/model";
import type { ParameterValue } from "../template/parameters";

export function parametersOut(params: ParameterValue[]) {
  return params.map((p) => ({
    ParameterKey: p.key,
    ParameterValue: p.noEcho ? "****" : p.value,
    ResolvedValue: p.noEcho ? undefined : p.resolved,
  }));
}

export function rollbackConfigurationOut(c: RollbackConfiguration | undefined) {
  return c ? { RollbackTriggers: c.triggers, MonitoringTimeInMinutes: c.monitoringMinutes } : {};
}

export function stackOut(s: StackRecord) {
  return {
    StackId: s.stackId,
    StackName: s.stackName,
    ChangeSetId: s.changeSetId,
    Description: s.description,
    Parameters: parametersOut(s.parameters),
    CreationTime: s.creationTime,
    DeletionTime: s.deletionTime,
    LastUpdatedTime: s.lastUpdatedTime,
    RollbackConfiguration: rollbackConfigurationOut(s.rollbackConfiguration),
    StackStatus: s.status,
    StackStatusReason: s.statusReason,
    DisableRollback: s.disableRollback,
    NotificationARNs: s.notificationARNs,
    TimeoutInMinutes: s.timeoutInMinutes,
    Capabilities: s.capabilities,
    Outputs: s.outputs.map((o) => ({
      OutputKey: o.OutputKey,
      OutputValue: o.OutputValue,
      Description: o.Description,
      ExportName: o.ExportName,
    })),
    RoleARN: s.roleARN,
    Tags: s.tags,
    EnableTerminationProtection: s.terminationProtection,
    DriftInformation: { StackDriftStatus: s.drift?.status ?? "NOT_CHECKED", LastCheckTimestamp: s.drift?.lastCheck },
    RetainExceptOnCreate: s.retainExceptOnCreate,
  };
}

export function stackSummaryOut(s: StackRecord, templateDescription: string | undefined) {
  return {
    StackId: s.stackId,
    StackName: s.stackName,
    TemplateDescription: templateDescription,
    CreationTime: s.creationTime,
    LastUpdatedTime: s.lastUpdatedTime,
    DeletionTime: s.deletionTime,
    StackStatus: s.status,
    StackStatusReason: s.statusReason,
    DriftInformation: { StackDriftStatus: s.drift?.status ?? "NOT_CHECKED", LastCheckTimestamp: s.drift?.lastCheck },
  };
}

export function eventOut(s: StackRecord, e: StackEvent) {
  return {
    StackId: s.stackId,
    EventId: e.eventId,
    StackName: s.stackName,
    LogicalResourceId: e.logicalId,
    PhysicalResourceId: e.physicalId,
    ResourceType: e.resourceType,
    Timestamp: e.timestamp,
    ResourceStatus: e.status,
    ResourceStatusReason: e.reason,
    ResourceProperties: e.properties,
    ClientRequestToken: e.token,
    OperationId: e.operationId,
  };
}

const driftInfo = (r: ResourceRecord) => ({
  StackResourceDriftStatus: r.drift?.status ?? "NOT_CHECKED",
  LastCheckTimestamp: r.drift?.lastCheck,
});

export function resourceOut(s: StackRecord, r: ResourceRecord) {
  return {
    StackName: s.stackName,
    StackId: s.stackId,
    LogicalResourceId: r.logicalId,
    PhysicalResourceId: r.physicalId,
    ResourceType: r.type,
    Timestamp: r.timestamp,
    ResourceStatus: r.status,
    ResourceStatusReason: r.reason,
    DriftInformation: driftInfo(r),
  };
}

export function resourceDetailOut(s: StackRecord, r: ResourceRecord, metadata: unknown) {
  const { Timestamp, ...rest } = resourceOut(s, r);
  return { ...rest, LastUpdatedTimestamp: Timestamp, Metadata: metadata === undefined ? undefined : JSON.stringify(metadata) };
}

export function resourceSummaryOut(r: ResourceRecord) {
  return {
    LogicalResourceId: r.logicalId,
    PhysicalResourceId: r.physicalId,
    ResourceType: r.type,
    LastUpdatedTimestamp: r.timestamp,
    ResourceStatus: r.status,
    ResourceStatusReason: r.reason,
    DriftInformation: driftInfo(r),
  };
}

export function changeSetSummaryOut(cs: ChangeSetRecord) {
  return {
    StackId: cs.stackId,
    StackName: cs.stackName,
    ChangeSetId: cs.id,
    ChangeSetName: cs.name,
    ExecutionStatus: cs.executionStatus,
    Status: cs.status,
    StatusReason: cs.statusReason,
    CreationTime: cs.creationTime,
    Description: cs.description,
    IncludeNestedStacks: false,
  };
}
