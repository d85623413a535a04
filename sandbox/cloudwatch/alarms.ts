// Simulated CloudWatch alarms: one per AWS::CloudWatch::Alarm resource of a stack, with a state
// (OK once created), a history written as CloudWatch writes it, and listeners that the engine's
// rollback triggers subscribe to. State lives in the store (alarms survive restarts).
import type { ResourceRecord, StackRecord } from "../engine/model";
import { stackAccount } from "../engine/instance";
import type { Store } from "../store";
import type { Json } from "../template/parse";

export const ALARM_TYPE = "AWS::CloudWatch::Alarm";
export const ALARM_STATES = ["OK", "ALARM", "INSUFFICIENT_DATA"] as const;
export type AlarmState = (typeof ALARM_STATES)[number];

export interface AlarmHistoryRecord {
  timestamp: string;
  type: "ConfigurationUpdate" | "StateUpdate";
  summary: string;
  data: string;
}

export interface AlarmRecord {
  arn: string;
  name: string;
  accountId: string;
  region: string;
  stackId: string;
  logicalId: string;
  properties: Record<string, Json>;
  state: AlarmState;
  stateReason: string;
  stateReasonData?: string;
  stateUpdated: string;
  configUpdated: string;
  history: AlarmHistoryRecord[];
}

export const alarmArn = (region: string, accountId: string, name: string) => `arn:aws:cloudwatch:${region}:${accountId}:alarm:${name}`;

const INITIAL_REASON = "Unchecked: Initial alarm creation";
const OK_REASON = "Threshold Crossed: the simulated metric did not breach the threshold (sandbox simulation).";

export class Alarms {
  private listeners: ((alarm: AlarmRecord) => void)[] = [];

  constructor(private readonly store: Store) {}

  get all(): Record<string, AlarmRecord> {
    return (this.store.state.alarms ??= {});
  }

  /** Called with every alarm whose state changes. */
  onStateChange(listener: (alarm: AlarmRecord) => void): void {
    this.listeners.push(listener);
  }

  find(accountId: string, region: string, name: string): AlarmRecord | undefined {
    const a = this.all[alarmArn(region, accountId, name)];
    return a && Object.hasOwn(this.all, a.arn) ? a : undefined;
  }

  byArn(arn: string): AlarmRecord | undefined {
    return Object.hasOwn(this.all, arn) ? this.all[arn] : undefined;
  }

  byResource(stack: StackRecord, logicalId: string): AlarmRecord | undefined {
    const r = stack.resources[logicalId];
    return r?.type === ALARM_TYPE && r.physicalId ? this.find(stackAccount(stack), stack.region, r.physicalId) : undefined;
  }

  /** A stack's alarm resource was created, updated, replaced or reverted: the alarm takes its properties. */
  saved(stack: StackRecord, r: ResourceRecord): void {
    if (r.type !== ALARM_TYPE || !r.physicalId) return;
    const now = new Date().toISOString();
    const accountId = stackAccount(stack);
    const existing = this.find(accountId, stack.region, r.physicalId);
    if (existing) {
      if (JSON.stringify(existing.properties) === JSON.stringify(r.properties)) return;
      existing.history.push({
        timestamp: now,
        type: "ConfigurationUpdate",
        summary: `Alarm "${existing.name}" updated`,
        data: JSON.stringify({ version: "1.0", type: "Update", updatedAlarm: r.properties, originalAlarm: existing.properties }),
      });
      existing.properties = structuredClone(r.properties);
      existing.configUpdated = now;
      this.store.touch();
      return;
    }
    const alarm: AlarmRecord = {
      arn: alarmArn(stack.region, accountId, r.physicalId),
      name: r.physicalId,
      accountId,
      region: stack.region,
      stackId: stack.stackId,
      logicalId: r.logicalId,
      properties: structuredClone(r.properties),
      state: "INSUFFICIENT_DATA",
      stateReason: INITIAL_REASON,
      stateUpdated: now,
      configUpdated: now,
      history: [
        {
          timestamp: now,
          type: "ConfigurationUpdate",
          summary: `Alarm "${r.physicalId}" created`,
          data: JSON.stringify({ version: "1.0", type: "Create", createdAlarm: r.properties }),
        },
      ],
    };
    this.all[alarm.arn] = alarm;
    // The simulated metric is healthy: the alarm settles in OK at once.
    this.setState(alarm, "OK", OK_REASON);
  }

  /** The alarm resource was deleted. */
  removed(stack: StackRecord, r: ResourceRecord): void {
    if (r.type !== ALARM_TYPE || !r.physicalId) return;
    const a = this.find(stackAccount(stack), stack.region, r.physicalId);
    if (a) {
      delete this.all[a.arn];
      this.store.touch();
    }
  }

  /** SetAlarmState (and the control API): a transition is recorded once per change of state. */
  setState(alarm: AlarmRecord, state: AlarmState, reason: string, reasonData?: string): void {
    const old = { stateValue: alarm.state, stateReason: alarm.stateReason };
    alarm.stateReason = reason;
    alarm.stateReasonData = reasonData;
    if (alarm.state !== state) {
      const now = new Date().toISOString();
      alarm.state = state;
      alarm.stateUpdated = now;
      const newState: Record<string, Json> = { stateValue: state, stateReason: reason };
      if (reasonData !== undefined) newState.stateReasonData = JSON.parse(reasonData) as Json;
      alarm.history.push({
        timestamp: now,
        type: "StateUpdate",
        summary: `Alarm updated from ${old.stateValue} to ${state}`,
        data: JSON.stringify({ version: "1.0", oldState: old, newState }),
      });
    }
    this.store.touch();
    for (const l of this.listeners) l(alarm);
  }
}
