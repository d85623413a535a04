// Simulated CloudWatch alarms: a stack's AWS::CloudWatch::Alarm resources become alarms (OK) that
// the unchanged @aws-sdk/client-cloudwatch reads and sets over AWS JSON 1.0, that the Query
// protocol and Smithy RPC v2 CBOR (aws-sdk-go-v2's protocol, here through the JS SDK's own CBOR
// protocol) reach too, with history as CloudWatch writes it, and that the control API can set.
import { CreateStackCommand, DeleteStackCommand, type CloudFormationClient } from "@aws-sdk/client-cloudformation";
import {
  CloudWatchClient,
  DescribeAlarmHistoryCommand,
  DescribeAlarmsCommand,
  SetAlarmStateCommand,
  type CloudWatchClientConfig,
} from "@aws-sdk/client-cloudwatch";
import { SmithyRpcV2CborProtocol } from "@smithy/core/cbor";
import { decodeCbor, encodeCbor } from "./cloudwatch/cbor";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startSandbox, waitForStack, type RunningSandbox } from "./testing/spawn";
import { errorOf } from "./testing/errors";

let sb: RunningSandbox;
let cf: CloudFormationClient;
let cw: CloudWatchClient;

const TEMPLATE = `
Resources:
  Errors:
    Type: AWS::CloudWatch::Alarm
    Properties:
      AlarmName: web-5xx
      AlarmDescription: Too many 5xx answers
      Namespace: AWS/ApplicationELB
      MetricName: HTTPCode_Target_5XX_Count
      Dimensions: [{ Name: LoadBalancer, Value: app/web/123 }]
      Statistic: Sum
      Period: 60
      EvaluationPeriods: 1
      Threshold: 5
      ComparisonOperator: GreaterThanThreshold
      TreatMissingData: notBreaching
  Latency:
    Type: AWS::CloudWatch::Alarm
    Properties:
      Namespace: AWS/ApplicationELB
      MetricName: TargetResponseTime
      Statistic: Average
      Period: 60
      EvaluationPeriods: 3
      Threshold: "1.5"
      ComparisonOperator: GreaterThanThreshold
`;

const client = (extra: Partial<CloudWatchClientConfig> = {}) =>
  new CloudWatchClient({
    endpoint: sb.endpoint,
    region: "us-east-1",
    credentials: { accessKeyId: "AKIDSANDBOX", secretAccessKey: "sandbox" },
    maxAttempts: 1,
    ...extra,
  });

beforeAll(async () => {
  sb = await startSandbox({ env: { SANDBOX_PAGE_SIZE: "1" } });
  cf = sb.client();
  cw = client();
  await cf.send(new CreateStackCommand({ StackName: "web", TemplateBody: TEMPLATE }));
  expect((await waitForStack(cf, "web")).StackStatus).toBe("CREATE_COMPLETE");
});
afterAll(() => sb?.stop());

describe("CloudWatch alarms over AWS JSON 1.0 (@aws-sdk/client-cloudwatch)", () => {
  it("simulates every AWS::CloudWatch::Alarm of a stack, in state OK, paged with NextToken", async () => {
    const first = await cw.send(new DescribeAlarmsCommand({}));
    expect(first.MetricAlarms).toHaveLength(1);
    const second = await cw.send(new DescribeAlarmsCommand({ NextToken: first.NextToken }));
    expect(second.NextToken).toBeUndefined();
    const [errors, latency] = [...first.MetricAlarms!, ...second.MetricAlarms!];
    expect(latency.AlarmName).toMatch(/^web-Latency-[A-Z0-9]{12}$/);
    expect(errors).toMatchObject({
      AlarmName: "web-5xx",
      AlarmArn: "arn:aws:cloudwatch:us-east-1:123456789012:alarm:web-5xx",
      AlarmDescription: "Too many 5xx answers",
      StateValue: "OK",
      Namespace: "AWS/ApplicationELB",
      MetricName: "HTTPCode_Target_5XX_Count",
      Dimensions: [{ Name: "LoadBalancer", Value: "app/web/123" }],
      Statistic: "Sum",
      Period: 60,
      EvaluationPeriods: 1,
      Threshold: 5,
      ComparisonOperator: "GreaterThanThreshold",
      TreatMissingData: "notBreaching",
      ActionsEnabled: true,
    });
    expect(latency.Threshold).toBe(1.5);
    expect(errors.StateUpdatedTimestamp).toBeInstanceOf(Date);
    expect(Math.abs(errors.StateUpdatedTimestamp!.getTime() - Date.now())).toBeLessThan(60_000);
  });

  it("sets an alarm's state and writes the history as CloudWatch does, newest first", async () => {
    await cw.send(
      new SetAlarmStateCommand({ AlarmName: "web-5xx", StateValue: "ALARM", StateReason: "testing", StateReasonData: '{"n":7}' }),
    );
    const { MetricAlarms } = await cw.send(new DescribeAlarmsCommand({ StateValue: "ALARM" }));
    expect(MetricAlarms!.map((a) => [a.AlarmName, a.StateReason, a.StateReasonData])).toEqual([["web-5xx", "testing", '{"n":7}']]);
    const { AlarmHistoryItems } = await cw.send(new DescribeAlarmHistoryCommand({ AlarmName: "web-5xx", MaxRecords: 10 }));
    expect(AlarmHistoryItems!.map((h) => [h.HistoryItemType, h.HistorySummary])).toEqual([
      ["StateUpdate", "Alarm updated from OK to ALARM"],
      ["StateUpdate", "Alarm updated from INSUFFICIENT_DATA to OK"],
      ["ConfigurationUpdate", 'Alarm "web-5xx" created'],
    ]);
    expect(JSON.parse(AlarmHistoryItems![0].HistoryData!)).toMatchObject({
      oldState: { stateValue: "OK" },
      newState: { stateValue: "ALARM", stateReason: "testing", stateReasonData: { n: 7 } },
    });
    const states = await cw.send(
      new DescribeAlarmHistoryCommand({
        AlarmName: "web-5xx",
        HistoryItemType: "StateUpdate",
        ScanBy: "TimestampAscending",
        MaxRecords: 10,
      }),
    );
    expect(states.AlarmHistoryItems!.map((h) => h.HistorySummary)).toEqual([
      "Alarm updated from INSUFFICIENT_DATA to OK",
      "Alarm updated from OK to ALARM",
    ]);
  });

  it("answers with CloudWatch's modelled errors", async () => {
    expect(await errorOf(cw.send(new SetAlarmStateCommand({ AlarmName: "nope", StateValue: "OK", StateReason: "x" })))).toMatchObject({
      name: "ResourceNotFound",
      status: 404,
    });
    expect(
      await errorOf(cw.send(new SetAlarmStateCommand({ AlarmName: "web-5xx", StateValue: "OK", StateReason: "x", StateReasonData: "{" }))),
    ).toMatchObject({ name: "InvalidFormatFault", status: 400 });
    // Another region has none of these alarms.
    const west = client({ region: "eu-west-1" });
    expect((await west.send(new DescribeAlarmsCommand({}))).MetricAlarms).toEqual([]);
  });
});

describe("the same alarms over the Query protocol and Smithy RPC v2 CBOR", () => {
  it("answers the Query protocol in XML", async () => {
    const res = await fetch(sb.endpoint, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: "Action=DescribeAlarms&Version=2010-08-01&AlarmNames.member.1=web-5xx",
    });
    const xml = await res.text();
    expect(res.status).toBe(200);
    expect(xml).toMatch(/^<DescribeAlarmsResponse xmlns="http:\/\/monitoring.amazonaws.com\/doc\/2010-08-01\/"><DescribeAlarmsResult>/);
    expect(xml).toContain("<MetricAlarms><member><AlarmName>web-5xx</AlarmName>");
    expect(xml).toContain("<StateValue>ALARM</StateValue>");
    const bad = await fetch(sb.endpoint, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: "Action=SetAlarmState&Version=2010-08-01&AlarmName=nope&StateValue=OK&StateReason=x",
    });
    expect(bad.status).toBe(404);
    expect(await bad.text()).toContain("<Code>ResourceNotFound</Code>");
  });

  it("answers Smithy RPC v2 CBOR, through the SDK's own CBOR protocol and raw", async () => {
    const cbor = client({ protocol: new SmithyRpcV2CborProtocol({ defaultNamespace: "com.amazonaws.cloudwatch" }) } as never);
    const { MetricAlarms } = await cbor.send(new DescribeAlarmsCommand({ AlarmNames: ["web-5xx"] }));
    expect(MetricAlarms!.map((a) => [a.AlarmName, a.StateValue, a.Threshold])).toEqual([["web-5xx", "ALARM", 5]]);
    expect(MetricAlarms![0].StateUpdatedTimestamp).toBeInstanceOf(Date);
    await cbor.send(new SetAlarmStateCommand({ AlarmName: "web-5xx", StateValue: "OK", StateReason: "recovered" }));
    expect(await errorOf(cbor.send(new SetAlarmStateCommand({ AlarmName: "nope", StateValue: "OK", StateReason: "x" })))).toMatchObject({
      name: "ResourceNotFound",
    });

    const res = await fetch(`${sb.endpoint}/service/GraniteServiceVersion20100801/operation/DescribeAlarmHistory`, {
      method: "POST",
      headers: { "content-type": "application/cbor", accept: "application/cbor", "smithy-protocol": "rpc-v2-cbor" },
      body: Buffer.from(encodeCbor({ AlarmName: "web-5xx", MaxRecords: 1 })),
    });
    expect(res.headers.get("smithy-protocol")).toBe("rpc-v2-cbor");
    const body = decodeCbor(new Uint8Array(await res.arrayBuffer())) as {
      AlarmHistoryItems: { HistorySummary: string; Timestamp: Date }[];
    };
    expect(body.AlarmHistoryItems.map((h) => h.HistorySummary)).toEqual(["Alarm updated from ALARM to OK"]);
    expect(body.AlarmHistoryItems[0].Timestamp).toBeInstanceOf(Date);
  });
});

describe("the control API and the stack's life cycle", () => {
  it("sets an alarm's state by stack and logical id", async () => {
    const set = await sb.control<{ alarmName: string; state: string }>("/_sandbox/alarms", {
      body: { stackName: "web", logicalId: "Latency", state: "ALARM", reason: "injected" },
    });
    expect(set.state).toBe("ALARM");
    const { MetricAlarms } = await cw.send(new DescribeAlarmsCommand({ AlarmNames: [set.alarmName] }));
    expect(MetricAlarms!.map((a) => [a.StateValue, a.StateReason])).toEqual([["ALARM", "injected"]]);
    await expect(sb.control("/_sandbox/alarms", { body: { stackName: "web", logicalId: "Nope", state: "ALARM" } })).rejects.toThrow(/404/);
  });

  it("deletes the alarms with their stack", async () => {
    await cf.send(new DeleteStackCommand({ StackName: "web" }));
    expect(
      (await waitForStack(cf, "web", { until: (s) => s.StackStatus === "DELETE_COMPLETE" }).catch(() => undefined)) ?? "gone",
    ).toBeTruthy();
    for (let i = 0; i < 100; i++) {
      if (!(await cw.send(new DescribeAlarmsCommand({}))).MetricAlarms!.length) break;
      await new Promise((r) => setTimeout(r, 20));
    }
    expect((await cw.send(new DescribeAlarmsCommand({}))).MetricAlarms).toEqual([]);
  });
});
