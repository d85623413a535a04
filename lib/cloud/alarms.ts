import "server-only";
import { CloudWatchClient, DescribeAlarmsCommand } from "@aws-sdk/client-cloudwatch";
import { getEnv } from "../env";
import { cachedCredentials } from "./credentials";
import { assumeRole, countCall, targetForArn, targetRole, type Target } from "./client";
import { toCloudError } from "./errors";

// CloudWatch, for one question: which of these alarms are in ALARM right now. A rollout asks it for
// the clients of its current wave (lib/rollouts/run.ts); the alarms live in the client's account,
// so each is asked through that account's role, as its stack is.

const clients = new Map<string, CloudWatchClient>();

function cloudWatch(target: Target): CloudWatchClient {
  const env = getEnv();
  const role = targetRole(target);
  const key = role?.environment ?? "default";
  let client = clients.get(key);
  if (!client) {
    const endpoint = env.CLOUDWATCH_ENDPOINT ?? (env.CLOUDFORMATION_ENDPOINT || undefined);
    client = new CloudWatchClient({
      region: env.AWS_REGION,
      maxAttempts: env.CLOUDFORMATION_MAX_ATTEMPTS,
      retryMode: "standard",
      requestHandler: { requestTimeout: env.CLOUDFORMATION_TIMEOUT_MS, connectionTimeout: 3_000 },
      ...(endpoint ? { endpoint } : {}),
      ...(role ? { credentials: cachedCredentials(() => assumeRole(role)) } : {}),
    });
    clients.set(key, client);
  }
  return client;
}

/** "arn:aws:cloudwatch:us-east-1:111111111111:alarm:acme-5xx" → "acme-5xx". */
export function alarmNameOf(arn: string): string {
  return arn.split(":alarm:")[1] ?? arn;
}

/** name → { arn, state } of each of these alarms (of one account) that exists; up to 100 names per call. */
async function describeAlarms(target: Target, names: readonly string[]): Promise<Map<string, { arn: string; state: string }>> {
  const found = new Map<string, { arn: string; state: string }>();
  for (let i = 0; i < names.length; i += 100) {
    countCall("DescribeAlarms");
    try {
      let next: string | undefined;
      do {
        const out = await cloudWatch(target).send(
          new DescribeAlarmsCommand({ AlarmNames: names.slice(i, i + 100), NextToken: next, MaxRecords: 100 }),
        );
        for (const alarm of out.MetricAlarms ?? [])
          if (alarm.AlarmName && alarm.AlarmArn && alarm.StateValue)
            found.set(alarm.AlarmName, { arn: alarm.AlarmArn, state: alarm.StateValue });
        next = out.NextToken;
      } while (next);
    } catch (error) {
      throw toCloudError(error);
    }
  }
  return found;
}

/** The state (OK, ALARM, INSUFFICIENT_DATA) of each alarm that exists, by ARN; up to 100 names per call. */
export async function alarmStates(arns: readonly string[]): Promise<Map<string, string>> {
  const byTarget = new Map<Target, string[]>();
  for (const arn of arns) {
    const target = targetForArn(arn);
    byTarget.set(target, [...(byTarget.get(target) ?? []), arn]);
  }
  const states = new Map<string, string>();
  for (const [target, group] of byTarget) {
    for (const { arn, state } of (await describeAlarms(target, group.map(alarmNameOf))).values()) states.set(arn, state);
  }
  return states;
}

/**
 * The names of the alarms a stack holds as resources (AWS::CloudWatch::Alarm, whose physical id is
 * the alarm's name) that are in ALARM. An update that creates the alarms cannot name them as
 * rollback triggers (CloudFormation refuses triggers that do not exist yet), so a rollout watches
 * them this way while that update runs (lib/rollouts/run.ts).
 */
export async function firingAlarmsOfStack(stackId: string, resources: readonly { resourceType: string; physicalId?: string }[]) {
  const names = resources.filter((r) => r.resourceType === "AWS::CloudWatch::Alarm" && r.physicalId).map((r) => r.physicalId!);
  if (!names.length) return [];
  const found = await describeAlarms(targetForArn(stackId), names);
  return names.filter((n) => found.get(n)?.state === "ALARM");
}
