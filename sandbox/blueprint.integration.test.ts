// The catalog's stateless-web blueprint (templates/stateless-web) created end to end in the sandbox
// with the parameters of its "medium" size, then changed and deleted.
import { existsSync, readFileSync } from "node:fs";
import {
  CreateChangeSetCommand,
  CreateStackCommand,
  DeleteStackCommand,
  DescribeChangeSetCommand,
  DescribeStackEventsCommand,
  DescribeStackResourcesCommand,
  GetTemplateSummaryCommand,
  type CloudFormationClient,
  type Parameter,
} from "@aws-sdk/client-cloudformation";
import YAML from "yaml";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startSandbox, waitForStack, type RunningSandbox } from "./testing/spawn";

const TEMPLATE = new URL("../templates/stateless-web/template.yaml", import.meta.url);
const SIZES = new URL("../templates/stateless-web/sizes.yaml", import.meta.url);
const present = existsSync(TEMPLATE) && existsSync(SIZES);

let sb: RunningSandbox;
let cf: CloudFormationClient;

describe.skipIf(!present)("stateless-web blueprint", () => {
  const body = present ? readFileSync(TEMPLATE, "utf-8") : "";
  const sizes = present
    ? (YAML.parse(readFileSync(SIZES, "utf-8")) as { sizes: { id: string; parameters: Record<string, string> }[] }).sizes
    : [];
  const params = (size: string, extra: Record<string, string> = {}): Parameter[] =>
    Object.entries({ Environment: "staging", ...sizes.find((s) => s.id === size)!.parameters, ...extra }).map(([k, v]) => ({
      ParameterKey: k,
      ParameterValue: v,
    }));

  beforeAll(async () => {
    sb = await startSandbox({ speed: 4000 });
    cf = sb.client();
  });
  afterAll(() => sb?.stop());

  it("declares parameters the sizes supply, and needs CAPABILITY_IAM", async () => {
    const summary = await cf.send(new GetTemplateSummaryCommand({ TemplateBody: body }));
    const required = summary.Parameters!.filter((p) => p.DefaultValue === undefined).map((p) => p.ParameterKey);
    const given = params("medium").map((p) => p.ParameterKey);
    expect(required.filter((k) => !given.includes(k))).toEqual([]);
    expect(summary.Capabilities).toEqual(["CAPABILITY_IAM"]);
    const err = await cf
      .send(new CreateStackCommand({ StackName: "web", TemplateBody: body, Parameters: params("medium") }))
      .catch((e: Error) => e);
    expect((err as Error).name).toBe("InsufficientCapabilitiesException");
  });

  it("enforces the template's Rules", async () => {
    const err = await cf
      .send(
        new CreateStackCommand({
          StackName: "web",
          TemplateBody: body,
          Capabilities: ["CAPABILITY_IAM"],
          Parameters: params("medium", { CacheNodeCount: "1" }),
        }),
      )
      .catch((e: Error) => e);
    expect(err).toMatchObject({ name: "ValidationError", message: "A Multi-AZ cache needs at least two nodes." });
  });

  it("creates the medium size end to end", async () => {
    await cf.send(
      new CreateStackCommand({ StackName: "web", TemplateBody: body, Capabilities: ["CAPABILITY_IAM"], Parameters: params("medium") }),
    );
    const s = await waitForStack(cf, "web", { timeoutMs: 60_000 });
    expect(s.StackStatus).toBe("CREATE_COMPLETE");
    const out = Object.fromEntries(s.Outputs!.map((o) => [o.OutputKey, o.OutputValue]));
    expect(out.Url).toMatch(/^http:\/\/web-[A-Za-z0-9-]+\.us-east-1\.elb\.amazonaws\.com$/);
    expect(out.BucketName).toMatch(/^web-bucket-[a-z0-9]{12}$/);
    expect(out.RedisEndpoint).toMatch(/^master\.web-cache-[a-z0-9]+\..*\.cache\.amazonaws\.com:6379$/);
    expect(out.DatabaseEndpoint).toMatch(/\.rds\.amazonaws\.com:5432$/);
    expect(out.DatabaseSecretArn).toMatch(/^arn:aws:secretsmanager:us-east-1:123456789012:secret:rds!db-/);
    const { StackResources } = await cf.send(new DescribeStackResourcesCommand({ StackName: "web" }));
    expect(StackResources!.every((r) => r.ResourceStatus === "CREATE_COMPLETE")).toBe(true);
    const types = new Set(StackResources!.map((r) => r.ResourceType));
    for (const t of [
      "AWS::EC2::NatGateway",
      "AWS::ElasticLoadBalancingV2::LoadBalancer",
      "AWS::AutoScaling::AutoScalingGroup",
      "AWS::RDS::DBInstance",
      "AWS::ElastiCache::ReplicationGroup",
      "AWS::EC2::VPCEndpoint",
    ]) {
      expect(types.has(t)).toBe(true);
    }
    // Two zones: the third-zone subnets are not created.
    expect(StackResources!.some((r) => r.LogicalResourceId!.endsWith("3"))).toBe(false);
  });

  it("previews a third zone as a change set", async () => {
    await cf.send(
      new CreateChangeSetCommand({
        StackName: "web",
        ChangeSetName: "three-azs",
        TemplateBody: body,
        Capabilities: ["CAPABILITY_IAM"],
        Parameters: params("medium", { AzCount: "3" }),
      }),
    );
    let cs;
    for (let i = 0; i < 200; i++) {
      cs = await cf.send(new DescribeChangeSetCommand({ StackName: "web", ChangeSetName: "three-azs" }));
      if (cs.Status !== "CREATE_PENDING" && cs.Status !== "CREATE_IN_PROGRESS") break;
      await new Promise((r) => setTimeout(r, 20));
    }
    expect(cs!.Status).toBe("CREATE_COMPLETE");
    const adds = cs!.Changes!.filter((c) => c.ResourceChange!.Action === "Add").map((c) => c.ResourceChange!.LogicalResourceId!);
    expect(adds.length).toBeGreaterThan(3);
    expect(adds.filter((id) => !/3/.test(id))).toEqual([]); // only third-zone resources are new
    const asg = cs!.Changes!.find((c) => c.ResourceChange!.LogicalResourceId === "AutoScalingGroup")!.ResourceChange!;
    expect(asg.Action).toBe("Modify");
    expect(asg.Details!.map((d) => d.Target!.Name)).toContain("VPCZoneIdentifier");
  });

  it("deletes, retaining the bucket and snapshotting the data stores", async () => {
    await cf.send(new DeleteStackCommand({ StackName: "web", ClientRequestToken: "del-web" }));
    const { StackId } = (await cf.send(new DescribeStackResourcesCommand({ StackName: "web" }))).StackResources![0];
    const s = await waitForStack(cf, StackId!, { timeoutMs: 60_000 });
    expect(s.StackStatus).toBe("DELETE_COMPLETE");
    const { StackEvents } = await cf.send(new DescribeStackEventsCommand({ StackName: StackId }));
    const last = (id: string) => StackEvents!.find((e) => e.LogicalResourceId === id)!.ResourceStatus;
    expect(last("Bucket")).toBe("DELETE_SKIPPED");
    expect(last("Database")).toBe("DELETE_COMPLETE");
    expect(last("Cache")).toBe("DELETE_COMPLETE");
  });
});
