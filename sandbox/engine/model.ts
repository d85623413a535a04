// Persistent state of the sandbox. Everything here is plain JSON so the store can write it as is;
// timers are not state: they are re-armed from `dueAt` after a restart.
import type { Json } from "../template/parse";
import type { ParameterValue } from "../template/parameters";
import type { AlarmRecord } from "../cloudwatch/alarms";

export interface Tag {
  Key: string;
  Value: string;
}

export interface StackEvent {
  eventId: string;
  timestamp: string;
  logicalId: string;
  physicalId?: string;
  resourceType: string;
  status: string;
  reason?: string;
  properties?: string;
  token?: string;
  operationId?: string;
}

export interface DriftInfo {
  status: "IN_SYNC" | "MODIFIED" | "DELETED" | "NOT_CHECKED" | "DRIFTED" | "UNKNOWN";
  lastCheck?: string;
}

export interface ResourceRecord {
  logicalId: string;
  type: string;
  physicalId?: string;
  status: string;
  reason?: string;
  timestamp: string;
  properties: Record<string, Json>;
  attributes: Record<string, Json>;
  deletionPolicy?: string;
  updateReplacePolicy?: string;
  /** Out-of-band changes injected as drift: property path (e.g. "/InstanceType") → actual value. */
  actual?: Record<string, Json | { __removed: true }>;
  /** Deleted out of band (drift status DELETED). */
  deletedOutOfBand?: boolean;
  drift?: DriftInfo;
  /** The last drift check's findings, for DescribeStackResourceDrifts. */
  driftDetail?: { expected: string; actual: string; differences: PropertyDifference[] };
}

export interface PropertyDifference {
  PropertyPath: string;
  ExpectedValue: string;
  ActualValue: string;
  DifferenceType: "ADD" | "REMOVE" | "NOT_EQUAL";
}

export type Phase = "create" | "rollback" | "update" | "cleanup" | "update-rollback" | "update-rollback-cleanup" | "delete";

export type StepAction = "create" | "update" | "delete" | "revert";

export interface Step {
  logicalId: string;
  action: StepAction;
  deps: string[];
  state: "pending" | "running" | "done" | "failed";
  /** 0 = just started (waiting to be initiated), 1 = initiated, waiting to complete. */
  stage?: 0 | 1;
  dueAt?: number;
  /** For update steps: whether this step replaces the physical resource. */
  replace?: boolean;
  /** For delete steps in cleanup phases: the superseded physical resource, not the live one. */
  target?: ResourceRecord;
  /** Properties being applied (update/revert) — resolved when the step started. */
  newProperties?: Record<string, Json>;
  /** The update changed this resource (so a rollback must revert it). */
  touched?: boolean;
  /** An update-phase check for a resource the update removes (stack policy Update:Delete). */
  removal?: boolean;
}

export interface RollbackConfiguration {
  triggers: { Arn: string; Type: string }[];
  monitoringMinutes: number;
}

export interface StackTarget {
  templateHash: string;
  parameters: ParameterValue[];
  tags: Tag[];
  capabilities: string[];
  description?: string;
}

export interface Operation {
  id: string;
  kind: "CREATE" | "UPDATE" | "DELETE";
  token?: string;
  phase: Phase;
  steps: Record<string, Step>;
  /** Logical ids that failed in the current phase. */
  phaseFailures: string[];
  /** Logical ids whose failure ended the main phase (for status reasons). */
  failed: string[];
  /** Paused after a failure that needs the user (UPDATE_ROLLBACK_FAILED). */
  paused?: boolean;
  changeSetId?: string;
  disableRollback?: boolean;
  retain?: string[];
  /** Update only: the stack as it was, for rollback. */
  previous?: StackTarget & { resources: Record<string, ResourceRecord>; outputs: OutputValue[] };
  /** Update only: superseded physical resources to delete during cleanup (replacements). */
  superseded: Record<string, ResourceRecord>;
  /** Update rollback: replacement resources created by the failed update, to delete. */
  abandoned: Record<string, ResourceRecord>;
  /** Update rollback: the target that failed (its dependency order drives the cleanup). */
  attempted?: StackTarget;
  /** Resources added by the update (not in the previous stack). */
  added: string[];
  policyOverride?: string;
  /** The rollback triggers and monitoring time this operation honours (create and update only). */
  rollback?: RollbackConfiguration;
  /** End of the monitoring period (ms since the epoch), once every resource is deployed. */
  monitorUntil?: number;
}

export interface OutputValue {
  OutputKey: string;
  OutputValue: string;
  Description?: string;
  ExportName?: string;
}

export interface StackRecord extends StackTarget {
  stackId: string;
  stackName: string;
  region: string;
  status: string;
  statusReason?: string;
  creationTime: string;
  lastUpdatedTime?: string;
  deletionTime?: string;
  notificationARNs: string[];
  disableRollback: boolean;
  retainExceptOnCreate?: boolean;
  /** OnFailure=DELETE: delete the stack once a failed create has rolled back. */
  deleteOnFailure?: boolean;
  timeoutInMinutes?: number;
  roleARN?: string;
  terminationProtection: boolean;
  stackPolicy?: string;
  outputs: OutputValue[];
  resources: Record<string, ResourceRecord>;
  events: StackEvent[];
  changeSetId?: string;
  drift?: DriftInfo;
  op?: Operation;
  /** Kept for later updates unless an update (or its change set) names another. */
  rollbackConfiguration?: RollbackConfiguration;
  /** The create or update that ended in *_FAILED with DisableRollback, for RollbackStack. */
  failedOp?: Operation;
}

export interface ChangeSetRecord {
  id: string;
  name: string;
  stackId: string;
  stackName: string;
  type: "CREATE" | "UPDATE";
  status: "CREATE_PENDING" | "CREATE_IN_PROGRESS" | "CREATE_COMPLETE" | "DELETE_COMPLETE" | "FAILED";
  statusReason?: string;
  executionStatus: "UNAVAILABLE" | "AVAILABLE" | "EXECUTE_IN_PROGRESS" | "EXECUTE_COMPLETE" | "EXECUTE_FAILED" | "OBSOLETE";
  creationTime: string;
  description?: string;
  target: StackTarget;
  notificationARNs: string[];
  changes: Json[];
  dueAt?: number;
  clientToken?: string;
  rollbackConfiguration?: RollbackConfiguration;
}

export interface DriftDetection {
  id: string;
  stackId: string;
  status: "DETECTION_IN_PROGRESS" | "DETECTION_COMPLETE" | "DETECTION_FAILED";
  stackDriftStatus?: string;
  reason?: string;
  driftedCount?: number;
  timestamp: string;
  logicalIds?: string[];
  dueAt?: number;
}

export interface Fault {
  id: string;
  kind: "fail" | "slow" | "throttle" | "error" | "drift" | "latency";
  stackName?: string;
  logicalId?: string;
  operation?: "create" | "update" | "delete" | "rollback" | "any";
  reason?: string;
  resourceType?: string;
  factor?: number;
  rate?: number;
  count?: number;
  actions?: string[];
  /** For a latency fault: how long each matching answer is held back. */
  ms?: number;
  /** For an error fault: the error code to answer with (e.g. AccessDenied) instead of InternalFailure, and its HTTP status. */
  code?: string;
  status?: number;
  property?: string;
  value?: Json;
  remove?: boolean;
  deleted?: boolean;
}

export interface SandboxState {
  version: 1;
  stacks: Record<string, StackRecord>;
  changeSets: Record<string, ChangeSetRecord>;
  drifts: Record<string, DriftDetection>;
  templates: Record<string, string>;
  /** Idempotency: `${action}|${stackName}|${token}` → the response the first call got. */
  tokens: Record<string, Record<string, Json>>;
  faults: Fault[];
  /** Simulated CloudWatch alarms by ARN (sandbox/cloudwatch). */
  alarms?: Record<string, AlarmRecord>;
}

export const emptyState = (): SandboxState => ({
  version: 1,
  stacks: {},
  changeSets: {},
  drifts: {},
  templates: {},
  tokens: {},
  faults: [],
  alarms: {},
});
