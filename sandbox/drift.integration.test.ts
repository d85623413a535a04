// Drift detection through the AWS SDK: a property drifted with the control API is reported as
// MODIFIED with Expected/Actual values and PropertyDifferences; a resource deleted out of band as DELETED.
import {
  CreateStackCommand,
  DescribeStackDriftDetectionStatusCommand,
  DescribeStackResourceDriftsCommand,
  DescribeStackResourcesCommand,
  DescribeStacksCommand,
  DetectStackDriftCommand,
  DetectStackResourceDriftCommand,
  UpdateStackCommand,
  type CloudFormationClient,
  type DescribeStackDriftDetectionStatusOutput,
} from "@aws-sdk/client-cloudformation";
import { afterAll, beforeAll, expect, it } from "vitest";
import { startSandbox, waitForStack, type RunningSandbox } from "./testing/spawn";

let sb: RunningSandbox;
let cf: CloudFormationClient;

const TEMPLATE = (hostnames = false) => `
Resources:
  Vpc:
    Type: AWS::EC2::VPC
    Properties: { CidrBlock: 10.0.0.0/16, EnableDnsSupport: true, EnableDnsHostnames: ${hostnames}, Tags: [{ Key: team, Value: web }] }
  Queue:
    Type: AWS::SQS::Queue
    Properties: { VisibilityTimeout: 30 }
  Topic:
    Type: AWS::SNS::Topic
`;

async function detect(logicalIds?: string[]): Promise<DescribeStackDriftDetectionStatusOutput> {
  const { StackDriftDetectionId } = await cf.send(new DetectStackDriftCommand({ StackName: "drifty", LogicalResourceIds: logicalIds }));
  for (let i = 0; i < 500; i++) {
    const st = await cf.send(new DescribeStackDriftDetectionStatusCommand({ StackDriftDetectionId }));
    if (st.DetectionStatus !== "DETECTION_IN_PROGRESS") return st;
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error("drift detection never finished");
}

beforeAll(async () => {
  sb = await startSandbox();
  cf = sb.client();
  await cf.send(new CreateStackCommand({ StackName: "drifty", TemplateBody: TEMPLATE() }));
  await waitForStack(cf, "drifty");
});
afterAll(() => sb?.stop());

it("reports IN_SYNC before anything drifted", async () => {
  const st = await detect();
  expect(st).toMatchObject({ DetectionStatus: "DETECTION_COMPLETE", StackDriftStatus: "IN_SYNC", DriftedStackResourceCount: 0 });
  const { StackResourceDrifts } = await cf.send(new DescribeStackResourceDriftsCommand({ StackName: "drifty" }));
  expect(StackResourceDrifts!.map((d) => d.StackResourceDriftStatus)).toEqual(["IN_SYNC", "IN_SYNC", "IN_SYNC"]);
});

it("reports MODIFIED with expected and actual values, and DELETED", async () => {
  await sb.control("/_sandbox/faults", {
    body: [
      { kind: "drift", stackName: "drifty", logicalId: "Vpc", property: "EnableDnsHostnames", value: true },
      { kind: "drift", stackName: "drifty", logicalId: "Vpc", property: "/Tags/0/Value", value: "ops" },
      { kind: "drift", stackName: "drifty", logicalId: "Queue", deleted: true },
    ],
  });
  const st = await detect();
  expect(st).toMatchObject({ StackDriftStatus: "DRIFTED", DriftedStackResourceCount: 2 });
  expect(st.StackId).toMatch(/stack\/drifty\//);
  const { StackResourceDrifts } = await cf.send(
    new DescribeStackResourceDriftsCommand({ StackName: "drifty", StackResourceDriftStatusFilters: ["MODIFIED"] }),
  );
  expect(StackResourceDrifts).toHaveLength(1);
  const vpc = StackResourceDrifts![0];
  expect(vpc).toMatchObject({ LogicalResourceId: "Vpc", ResourceType: "AWS::EC2::VPC", StackResourceDriftStatus: "MODIFIED" });
  expect(vpc.PropertyDifferences).toEqual([
    { PropertyPath: "/EnableDnsHostnames", ExpectedValue: "false", ActualValue: "true", DifferenceType: "NOT_EQUAL" },
    { PropertyPath: "/Tags/0/Value", ExpectedValue: "web", ActualValue: "ops", DifferenceType: "NOT_EQUAL" },
  ]);
  expect(JSON.parse(vpc.ExpectedProperties!)).toMatchObject({ EnableDnsHostnames: false });
  expect(JSON.parse(vpc.ActualProperties!)).toMatchObject({ EnableDnsHostnames: true });
  const deleted = await cf.send(
    new DescribeStackResourceDriftsCommand({ StackName: "drifty", StackResourceDriftStatusFilters: ["DELETED"] }),
  );
  expect(deleted.StackResourceDrifts!.map((d) => d.LogicalResourceId)).toEqual(["Queue"]);
  const stack = (await cf.send(new DescribeStacksCommand({ StackName: "drifty" }))).Stacks![0];
  expect(stack.DriftInformation!.StackDriftStatus).toBe("DRIFTED");
  expect(stack.DriftInformation!.LastCheckTimestamp).toBeInstanceOf(Date);
  const res = (await cf.send(new DescribeStackResourcesCommand({ StackName: "drifty", LogicalResourceId: "Vpc" }))).StackResources![0];
  expect(res.DriftInformation!.StackResourceDriftStatus).toBe("MODIFIED");
});

it("checks a single resource synchronously", async () => {
  const { StackResourceDrift } = await cf.send(new DetectStackResourceDriftCommand({ StackName: "drifty", LogicalResourceId: "Topic" }));
  expect(StackResourceDrift!.StackResourceDriftStatus).toBe("IN_SYNC");
});

it("is back in sync once an update applies the template's values again", async () => {
  await cf.send(new UpdateStackCommand({ StackName: "drifty", TemplateBody: TEMPLATE(true) }));
  expect((await waitForStack(cf, "drifty")).StackStatus).toBe("UPDATE_COMPLETE");
  const st = await detect(["Vpc"]);
  expect(st).toMatchObject({ StackDriftStatus: "IN_SYNC", DriftedStackResourceCount: 0 });
});
