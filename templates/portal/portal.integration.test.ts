// templates/portal created end to end in the sandbox, as `aws cloudformation deploy` would: the
// parameters an operator must give, the capability it needs, its Rules, and what it outputs.
import { readFileSync } from "node:fs";
import path from "node:path";
import {
  CreateStackCommand,
  DescribeStackResourcesCommand,
  GetTemplateSummaryCommand,
  type CloudFormationClient,
  type Parameter,
} from "@aws-sdk/client-cloudformation";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startSandbox, waitForStack, type RunningSandbox } from "@/sandbox/testing/spawn";
import { REQUIRED } from "./test-parameters";

const body = readFileSync(path.join(import.meta.dirname, "template.yaml"), "utf8");
const params = (extra: Record<string, string> = {}): Parameter[] =>
  Object.entries({ ...REQUIRED, ...extra }).map(([ParameterKey, ParameterValue]) => ({ ParameterKey, ParameterValue }));

let sb: RunningSandbox;
let cf: CloudFormationClient;

describe("templates/portal in the sandbox", () => {
  beforeAll(async () => {
    sb = await startSandbox({ speed: 4000 });
    cf = sb.client();
  });
  afterAll(() => sb?.stop());

  it("asks for exactly the operator's settings, and CAPABILITY_IAM", async () => {
    const summary = await cf.send(new GetTemplateSummaryCommand({ TemplateBody: body }));
    expect(
      summary
        .Parameters!.filter((p) => p.DefaultValue === undefined)
        .map((p) => p.ParameterKey)
        .sort(),
    ).toEqual(Object.keys(REQUIRED).sort());
    expect(summary.Capabilities).toEqual(["CAPABILITY_IAM"]);
  });

  it("refuses a CPU and memory pair Fargate does not offer, and a single container", async () => {
    const pair = await cf
      .send(
        new CreateStackCommand({
          StackName: "portal",
          TemplateBody: body,
          Capabilities: ["CAPABILITY_IAM"],
          Parameters: params({ TaskCpu: "4096", TaskMemory: "2048" }),
        }),
      )
      .catch((e: Error) => e);
    expect(pair).toMatchObject({ name: "ValidationError", message: expect.stringContaining("Fargate has no such CPU and memory pair") });
    const single = await cf
      .send(
        new CreateStackCommand({
          StackName: "portal",
          TemplateBody: body,
          Capabilities: ["CAPABILITY_IAM"],
          Parameters: params({ DesiredCount: "1" }),
        }),
      )
      .catch((e: Error) => e);
    expect(single).toMatchObject({ name: "ValidationError" });
  });

  it("creates the whole stack, with the DNS record when a hosted zone is given (and the target roles set)", async () => {
    const roles = {
      ProductionTargetRoleArn: "arn:aws:iam::111111111111:role/StackportDeployer",
      StagingTargetRoleArn: "arn:aws:iam::222222222222:role/StackportDeployer",
      TargetRoleExternalId: "stackport-7f3a9c",
    };
    await cf.send(
      new CreateStackCommand({
        StackName: "portal",
        TemplateBody: body,
        Capabilities: ["CAPABILITY_IAM"],
        Parameters: params({ HostedZoneId: "Z0123456789ABCDEFGHIJ", ...roles }),
      }),
    );
    const stack = await waitForStack(cf, "portal", { timeoutMs: 60_000 });
    expect(stack.StackStatus).toBe("CREATE_COMPLETE");
    const out = Object.fromEntries(stack.Outputs!.map((o) => [o.OutputKey, o.OutputValue]));
    expect(out.Url).toBe("https://stackport.example.com");
    expect(out.DatabaseSecretArn).toMatch(/^arn:aws:secretsmanager:us-east-1:123456789012:secret:/);
    expect(out.SessionSecretArn).toMatch(/secretsmanager/);
    expect(out.DatabaseEndpoint).toMatch(/:5432$/);
    expect(out.CheckpointBucketName).toMatch(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/);
    const { StackResources } = await cf.send(new DescribeStackResourcesCommand({ StackName: "portal" }));
    const types = new Set(StackResources!.map((r) => r.ResourceType));
    for (const t of [
      "AWS::ECS::Service",
      "AWS::RDS::DBInstance",
      "AWS::SecretsManager::Secret",
      "AWS::ElasticLoadBalancingV2::Listener",
      "AWS::Route53::RecordSet",
      "AWS::ApplicationAutoScaling::ScalingPolicy",
      "AWS::S3::Bucket",
      "AWS::S3::BucketPolicy",
    ]) {
      expect({ t, present: types.has(t) }).toEqual({ t, present: true });
    }
    expect(StackResources!.every((r) => r.ResourceStatus === "CREATE_COMPLETE")).toBe(true);
  });
});
