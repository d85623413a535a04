// CloudWatch's DescribeAlarms, SetAlarmState and DescribeAlarmHistory, once, over plain input
// objects; protocols.ts maps AWS JSON 1.0, the Query protocol and Smithy RPC v2 CBOR onto them.
import { ApiError } from "../errors";
import { paginate, positionKey } from "../http";
import type { Json } from "../template/parse";
import { ALARM_STATES, type AlarmRecord, type AlarmState, type Alarms } from "./alarms";

export type CwInput = Record<string, unknown>;
export interface CwCaller {
  accountId: string;
  region: string;
}
export type CwHandler = (input: CwInput, caller: CwCaller, alarms: Alarms, pageSize: number) => Record<string, unknown>;

/** Query error code → the modelled exception's shape name (what JSON and CBOR put in __type). */
export const ERROR_SHAPES: Record<string, string> = {
  ResourceNotFound: "ResourceNotFound",
  InvalidFormat: "InvalidFormatFault",
  InvalidNextToken: "InvalidNextToken",
  InvalidParameterValue: "InvalidParameterValueException",
  MissingParameter: "MissingRequiredParameterException",
  InvalidParameterCombination: "InvalidParameterCombinationException",
};

const missing = (name: string) => new ApiError("MissingParameter", `The parameter ${name} is required.`);
const invalid = (message: string) => new ApiError("InvalidParameterValue", message);

function str(input: CwInput, name: string, required = false): string | undefined {
  const v = input[name];
  if (v === undefined || v === null || v === "") {
    if (required) throw missing(name);
    return undefined;
  }
  if (typeof v !== "string") throw invalid(`The parameter ${name} must be a string.`);
  return v;
}

function strings(input: CwInput, name: string): string[] {
  const v = input[name];
  if (v === undefined || v === null) return [];
  if (!Array.isArray(v) || v.some((x) => typeof x !== "string")) throw invalid(`The parameter ${name} must be a list of strings.`);
  return v as string[];
}

function records(input: CwInput, fallback: number): number {
  const v = input.MaxRecords;
  if (v === undefined || v === null) return fallback;
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1 || n > 100) throw invalid("The parameter MaxRecords must be between 1 and 100.");
  return n;
}

function date(input: CwInput, name: string): number | undefined {
  const v = input[name];
  if (v === undefined || v === null) return undefined;
  const t = v instanceof Date ? v.getTime() : typeof v === "number" ? v * 1000 : Date.parse(String(v));
  if (Number.isNaN(t)) throw invalid(`The parameter ${name} must be a timestamp.`);
  return t;
}

function state(input: CwInput, name: string): AlarmState | undefined {
  const v = str(input, name);
  if (v !== undefined && !(ALARM_STATES as readonly string[]).includes(v))
    throw invalid(
      `1 validation error detected: Value '${v}' at '${name[0].toLowerCase()}${name.slice(1)}' failed to satisfy constraint: Member must satisfy enum value set: [INSUFFICIENT_DATA, ALARM, OK]`,
    );
  return v as AlarmState | undefined;
}

const num = (v: Json | undefined) => (v === undefined || v === null ? undefined : Number(v));
const list = (v: Json | undefined) => (Array.isArray(v) ? v : []);

function metricAlarmOut(a: AlarmRecord) {
  const p = a.properties;
  return {
    AlarmName: a.name,
    AlarmArn: a.arn,
    AlarmDescription: p.AlarmDescription ?? undefined,
    AlarmConfigurationUpdatedTimestamp: new Date(a.configUpdated),
    ActionsEnabled: p.ActionsEnabled === undefined ? true : String(p.ActionsEnabled) === "true",
    OKActions: list(p.OKActions),
    AlarmActions: list(p.AlarmActions),
    InsufficientDataActions: list(p.InsufficientDataActions),
    StateValue: a.state,
    StateReason: a.stateReason,
    StateReasonData: a.stateReasonData,
    StateUpdatedTimestamp: new Date(a.stateUpdated),
    MetricName: p.MetricName ?? undefined,
    Namespace: p.Namespace ?? undefined,
    Statistic: p.Statistic ?? undefined,
    ExtendedStatistic: p.ExtendedStatistic ?? undefined,
    Dimensions: list(p.Dimensions).map((d) => {
      const dim = d as Record<string, Json>;
      return { Name: dim.Name, Value: dim.Value };
    }),
    Period: num(p.Period),
    Unit: p.Unit ?? undefined,
    EvaluationPeriods: num(p.EvaluationPeriods),
    DatapointsToAlarm: num(p.DatapointsToAlarm),
    Threshold: num(p.Threshold),
    ComparisonOperator: p.ComparisonOperator ?? undefined,
    TreatMissingData: p.TreatMissingData ?? undefined,
    EvaluateLowSampleCountPercentile: p.EvaluateLowSampleCountPercentile ?? undefined,
    StateTransitionedTimestamp: new Date(a.stateUpdated),
  };
}

const inScope = (a: AlarmRecord, c: CwCaller) => a.accountId === c.accountId && a.region === c.region;

const describeAlarms: CwHandler = (input, caller, alarms, pageSize) => {
  const names = strings(input, "AlarmNames");
  const prefix = str(input, "AlarmNamePrefix");
  if (names.length && prefix) throw new ApiError("InvalidParameterCombination", "AlarmNames and AlarmNamePrefix cannot be used together.");
  const stateValue = state(input, "StateValue");
  const actionPrefix = str(input, "ActionPrefix");
  const types = strings(input, "AlarmTypes");
  const matching =
    types.length && !types.includes("MetricAlarm")
      ? []
      : Object.values(alarms.all).filter(
          (a) =>
            inScope(a, caller) &&
            (!names.length || names.includes(a.name)) &&
            (!prefix || a.name.startsWith(prefix)) &&
            (!stateValue || a.state === stateValue) &&
            (!actionPrefix ||
              [...list(a.properties.AlarmActions), ...list(a.properties.OKActions), ...list(a.properties.InsufficientDataActions)].some(
                (x) => String(x).startsWith(actionPrefix),
              )),
        );
  const { page, nextToken } = paginate(matching, str(input, "NextToken"), records(input, Math.min(50, pageSize)), (a) => a.name);
  return { MetricAlarms: page.map(metricAlarmOut), CompositeAlarms: [], NextToken: nextToken };
};

const setAlarmState: CwHandler = (input, caller, alarms) => {
  const name = str(input, "AlarmName", true)!;
  const next = state(input, "StateValue");
  if (!next) throw missing("StateValue");
  const reason = str(input, "StateReason", true)!;
  const data = str(input, "StateReasonData");
  if (data !== undefined) {
    try {
      JSON.parse(data);
    } catch {
      throw new ApiError("InvalidFormat", "StateReasonData must be valid JSON.");
    }
  }
  const alarm = alarms.find(caller.accountId, caller.region, name);
  if (!alarm) throw new ApiError("ResourceNotFound", `Alarm ${name} not found`, 404);
  alarms.setState(alarm, next, reason, data);
  return {};
};

const describeAlarmHistory: CwHandler = (input, caller, alarms, pageSize) => {
  const name = str(input, "AlarmName");
  const type = str(input, "HistoryItemType");
  const types = strings(input, "AlarmTypes");
  const from = date(input, "StartDate");
  const to = date(input, "EndDate");
  const scan = str(input, "ScanBy") ?? "TimestampDescending";
  if (scan !== "TimestampDescending" && scan !== "TimestampAscending")
    throw invalid(`ScanBy must be TimestampDescending or TimestampAscending.`);
  const items: { key: string; alarm: AlarmRecord; item: AlarmRecord["history"][number] }[] = [];
  if (!types.length || types.includes("MetricAlarm")) {
    for (const a of Object.values(alarms.all)) {
      if (!inScope(a, caller) || (name && a.name !== name)) continue;
      a.history.forEach((h, i) => {
        const t = Date.parse(h.timestamp);
        if ((type && h.type !== type) || (from !== undefined && t < from) || (to !== undefined && t > to)) return;
        items.push({ key: `${h.timestamp}|${a.name}|${positionKey(i)}`, alarm: a, item: h });
      });
    }
  }
  const { page, nextToken } = paginate(
    items,
    str(input, "NextToken"),
    records(input, Math.min(100, pageSize)),
    (x) => x.key,
    scan === "TimestampDescending",
  );
  return {
    AlarmHistoryItems: page.map(({ alarm, item }) => ({
      AlarmName: alarm.name,
      AlarmType: "MetricAlarm",
      Timestamp: new Date(item.timestamp),
      HistoryItemType: item.type,
      HistorySummary: item.summary,
      HistoryData: item.data,
    })),
    NextToken: nextToken,
  };
};

export const CLOUDWATCH_ACTIONS: Record<string, CwHandler> = {
  DescribeAlarms: describeAlarms,
  SetAlarmState: setAlarmState,
  DescribeAlarmHistory: describeAlarmHistory,
};

/** The Query protocol's flat parameters → the input object (lists from `.member.N`). */
export const QUERY_LISTS: Record<string, string[]> = {
  DescribeAlarms: ["AlarmNames", "AlarmTypes"],
  DescribeAlarmHistory: ["AlarmTypes"],
  SetAlarmState: [],
};
