// RollbackConfiguration through the AWS SDK: the alarms named as rollback triggers are watched
// while a create or update runs and for MonitoringTimeInMinutes (simulated) after every resource
// is deployed; one in ALARM rolls the operation back with a reason naming it.
import {
  CreateChangeSetCommand,
  CreateStackCommand,
  DescribeChangeSetCommand,
  DescribeStacksCommand,
  ExecuteChangeSetCommand,
  UpdateStackCommand,
  type CloudFormationClient,
  type RollbackConfiguration,
} from "@aws-sdk/client-cloudformation";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { allStackEvents, startSandbox, waitForStack, type RunningSandbox } from "./testing/spawn";

let sb: RunningSandbox;
let cf: CloudFormationClient;

// Speed 200: a topic update takes 50 ms, five monitoring minutes 1.5 s.
const SPEED = 200;
const ALARM = "arn:aws:cloudwatch:us-east-1:123456789012:alarm:health";
const ALARMS =
  "Resources:\n  Health:\n    Type: AWS::CloudWatch::Alarm\n    Properties: { AlarmName: health, MetricName: Errors, Namespace: App, Statistic: Sum, Period: 60, EvaluationPeriods: 1, Threshold: 1, ComparisonOperator: GreaterThanThreshold }\n";
const app = (name: string) => `Resources:\n  Topic:\n    Type: AWS::SNS::Topic\n    Properties: { DisplayName: ${name} }\n`;
const watch = (minutes: number): RollbackConfiguration => ({
  RollbackTriggers: [{ Arn: ALARM, Type: "AWS::CloudWatch::Alarm" }],
  MonitoringTimeInMinutes: minutes,
});

const setAlarm = (state: string) =>
  sb.control("/_sandbox/alarms", { body: { stackName: "alarms", logicalId: "Health", state, reason: "test" } });

/** Waits until every resource event of the current operation is in (the stack is monitoring). */
async function deployed(stack: string, logicalId: string, status: string) {
  for (let i = 0; i < 500; i++) {
    const events = await allStackEvents(cf, stack);
    const last = events.findIndex((e) => e.LogicalResourceId === stack && e.ResourceStatus === "UPDATE_IN_PROGRESS");
    if (events.slice(0, last).some((e) => e.LogicalResourceId === logicalId && e.ResourceStatus === status)) return;
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error(`${logicalId} never reached ${status}`);
}

beforeAll(async () => {
  sb = await startSandbox({ speed: SPEED });
  cf = sb.client();
  await cf.send(new CreateStackCommand({ StackName: "alarms", TemplateBody: ALARMS }));
  await cf.send(new CreateStackCommand({ StackName: "app", TemplateBody: app("v1") }));
  await waitForStack(cf, "alarms");
  await waitForStack(cf, "app");
});
afterAll(() => sb?.stop());

describe("rollback triggers", () => {
  it("rolls an update back when its trigger goes into ALARM during monitoring, naming the alarm", async () => {
    await cf.send(new UpdateStackCommand({ StackName: "app", TemplateBody: app("v2"), RollbackConfiguration: watch(5) }));
    await deployed("app", "Topic", "UPDATE_COMPLETE");
    expect((await waitForStack(cf, "app", { until: () => true })).StackStatus).toBe("UPDATE_IN_PROGRESS");
    await setAlarm("ALARM");
    const s = await waitForStack(cf, "app");
    expect(s.StackStatus).toBe("UPDATE_ROLLBACK_COMPLETE");
    const events = await allStackEvents(cf, "app");
    expect(events.find((e) => e.ResourceStatus === "UPDATE_ROLLBACK_IN_PROGRESS")?.ResourceStatusReason).toBe(
      `The following rollback trigger(s) are in ALARM state: [${ALARM}]`,
    );
    // The topic went back to v1.
    expect(events.find((e) => e.LogicalResourceId === "Topic" && e.ResourceStatus === "UPDATE_IN_PROGRESS")?.ResourceProperties).toContain(
      "v1",
    );
    expect(s.RollbackConfiguration).toEqual(watch(5));
    await setAlarm("OK");
  });

  it("completes the same update with the alarm left OK, after the monitoring time", async () => {
    // No RollbackConfiguration given: the stack's own (five minutes, the same trigger) applies.
    await cf.send(new UpdateStackCommand({ StackName: "app", TemplateBody: app("v2") }));
    const s = await waitForStack(cf, "app", { timeoutMs: 20_000 });
    expect(s.StackStatus).toBe("UPDATE_COMPLETE");
    const events = (await allStackEvents(cf, "app")).reverse();
    const start = events.findLastIndex((e) => e.LogicalResourceId === "app" && e.ResourceStatus === "UPDATE_IN_PROGRESS");
    const op = events.slice(start);
    const deployedAt = op.find((e) => e.LogicalResourceId === "Topic" && e.ResourceStatus === "UPDATE_COMPLETE")!.Timestamp!.getTime();
    const cleanupAt = op.find((e) => String(e.ResourceStatus) === "UPDATE_COMPLETE_CLEANUP_IN_PROGRESS")!.Timestamp!.getTime();
    expect(cleanupAt - deployedAt).toBeGreaterThanOrEqual((5 * 60 * 1000) / SPEED - 20);
  });

  it("fails an update at once when a trigger is already in ALARM, or does not exist", async () => {
    await setAlarm("ALARM");
    await cf.send(new UpdateStackCommand({ StackName: "app", TemplateBody: app("v3") }));
    expect((await waitForStack(cf, "app")).StackStatus).toBe("UPDATE_ROLLBACK_COMPLETE");
    const events = await allStackEvents(cf, "app");
    expect(events.find((e) => e.ResourceStatus === "UPDATE_ROLLBACK_IN_PROGRESS")?.ResourceStatusReason).toContain(ALARM);
    expect(events.findIndex((e) => e.LogicalResourceId === "Topic")).toBeGreaterThan(
      events.findIndex((e) => e.ResourceStatus === "UPDATE_IN_PROGRESS"),
    );
    await setAlarm("OK");

    const nowhere = "arn:aws:cloudwatch:us-east-1:123456789012:alarm:nowhere";
    await cf.send(
      new UpdateStackCommand({
        StackName: "app",
        TemplateBody: app("v3"),
        RollbackConfiguration: { RollbackTriggers: [{ Arn: nowhere, Type: "AWS::CloudWatch::Alarm" }] },
      }),
    );
    expect((await waitForStack(cf, "app")).StackStatus).toBe("UPDATE_ROLLBACK_COMPLETE");
    const again = await allStackEvents(cf, "app");
    expect(again.find((e) => e.ResourceStatus === "UPDATE_ROLLBACK_IN_PROGRESS")?.ResourceStatusReason).toBe(
      `The following rollback trigger(s) could not be found: [${nowhere}]`,
    );
  });

  it("rolls a create back when its trigger goes into ALARM during the operation", async () => {
    await cf.send(
      new CreateStackCommand({
        StackName: "fresh",
        TemplateBody: app("new"),
        RollbackConfiguration: watch(0),
        Tags: [{ Key: "sandbox:slow", Value: "Topic:20" }],
      }),
    );
    await setAlarm("ALARM");
    const s = await waitForStack(cf, "fresh", { timeoutMs: 20_000 });
    expect(s.StackStatus).toBe("ROLLBACK_COMPLETE");
    expect((await allStackEvents(cf, "fresh")).find((e) => e.ResourceStatus === "ROLLBACK_IN_PROGRESS")?.ResourceStatusReason).toBe(
      `The following rollback trigger(s) are in ALARM state: [${ALARM}]. Rollback requested by user.`,
    );
    await setAlarm("OK");
  });

  it("honours a change set's RollbackConfiguration on ExecuteChangeSet", async () => {
    await cf.send(new CreateStackCommand({ StackName: "viacs", TemplateBody: app("a") }));
    await waitForStack(cf, "viacs");
    const { Id } = await cf.send(
      new CreateChangeSetCommand({ StackName: "viacs", ChangeSetName: "b", TemplateBody: app("b"), RollbackConfiguration: watch(5) }),
    );
    for (let i = 0; i < 200 && (await cf.send(new DescribeChangeSetCommand({ ChangeSetName: Id }))).Status !== "CREATE_COMPLETE"; i++)
      await new Promise((r) => setTimeout(r, 20));
    expect((await cf.send(new DescribeChangeSetCommand({ ChangeSetName: Id }))).RollbackConfiguration).toEqual(watch(5));
    await cf.send(new ExecuteChangeSetCommand({ ChangeSetName: Id }));
    await deployed("viacs", "Topic", "UPDATE_COMPLETE");
    await setAlarm("ALARM");
    expect((await waitForStack(cf, "viacs")).StackStatus).toBe("UPDATE_ROLLBACK_COMPLETE");
    await setAlarm("OK");
    const { Stacks } = await cf.send(new DescribeStacksCommand({ StackName: "viacs" }));
    expect(Stacks![0].RollbackConfiguration).toEqual(watch(5));
  });
});
