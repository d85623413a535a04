// Change sets through the AWS SDK: Add/Modify/Remove, Replacement True/Conditional/False from the
// resource specification, Details, CREATE-type change sets, execution (which deletes the stack's other change sets).
import {
  CreateChangeSetCommand,
  CreateStackCommand,
  DeleteChangeSetCommand,
  DescribeChangeSetCommand,
  DescribeStackEventsCommand,
  DescribeStacksCommand,
  ExecuteChangeSetCommand,
  GetTemplateCommand,
  ListChangeSetsCommand,
  type CloudFormationClient,
  type DescribeChangeSetOutput,
  type ResourceChange,
} from "@aws-sdk/client-cloudformation";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startSandbox, waitForStack, type RunningSandbox } from "./testing/spawn";

let sb: RunningSandbox;
let cf: CloudFormationClient;

const BASE = `
Parameters:
  DbClass: { Type: String, Default: db.t3.micro }
Resources:
  Vpc:
    Type: AWS::EC2::VPC
    Properties: { CidrBlock: 10.0.0.0/16, EnableDnsSupport: true }
  Sg:
    Type: AWS::EC2::SecurityGroup
    Properties: { GroupDescription: web, VpcId: !Ref Vpc }
  Ingress:
    Type: AWS::EC2::SecurityGroupIngress
    Properties: { GroupId: !Ref Sg, IpProtocol: tcp, FromPort: 443, ToPort: 443, CidrIp: 0.0.0.0/0 }
  Bucket:
    Type: AWS::S3::Bucket
  Db:
    Type: AWS::RDS::DBInstance
    Properties: { Engine: postgres, DBInstanceClass: !Ref DbClass, AllocatedStorage: "20", MultiAZ: false, MasterUsername: app, ManageMasterUserPassword: true }
`;

const CHANGED = BASE.replace("EnableDnsSupport: true }", "EnableDnsSupport: true, EnableDnsHostnames: true }")
  .replace("GroupDescription: web", "GroupDescription: api")
  .replace("MultiAZ: false", "MultiAZ: true")
  .replace("  Bucket:\n    Type: AWS::S3::Bucket\n", "  Topic:\n    Type: AWS::SNS::Topic\n");

async function settled(name: string, stack: string): Promise<DescribeChangeSetOutput> {
  for (let i = 0; i < 500; i++) {
    const cs = await cf.send(new DescribeChangeSetCommand({ ChangeSetName: name, StackName: stack }));
    if (cs.Status !== "CREATE_PENDING" && cs.Status !== "CREATE_IN_PROGRESS") return cs;
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error(`change set ${name} never settled`);
}

beforeAll(async () => {
  sb = await startSandbox();
  cf = sb.client();
  await cf.send(new CreateStackCommand({ StackName: "cs", TemplateBody: BASE }));
  await waitForStack(cf, "cs");
});
afterAll(() => sb?.stop());

describe("UPDATE change sets", () => {
  let changes: Record<string, ResourceChange>;

  it("computes Add, Modify and Remove, listing only resources that change", async () => {
    const created = await cf.send(
      new CreateChangeSetCommand({
        StackName: "cs",
        ChangeSetName: "big",
        TemplateBody: CHANGED,
        Description: "several changes",
        Parameters: [{ ParameterKey: "DbClass", ParameterValue: "db.t3.small" }],
      }),
    );
    expect(created.Id).toMatch(/^arn:aws:cloudformation:us-east-1:123456789012:changeSet\/big\/[0-9a-f-]{36}$/);
    const first = await cf.send(new DescribeChangeSetCommand({ ChangeSetName: created.Id }));
    expect(["CREATE_PENDING", "CREATE_IN_PROGRESS", "CREATE_COMPLETE"]).toContain(first.Status);
    const cs = await settled("big", "cs");
    expect(cs).toMatchObject({
      Status: "CREATE_COMPLETE",
      ExecutionStatus: "AVAILABLE",
      Description: "several changes",
      ChangeSetName: "big",
    });
    expect(cs.Parameters).toEqual([{ ParameterKey: "DbClass", ParameterValue: "db.t3.small" }]);
    changes = Object.fromEntries(cs.Changes!.map((c) => [c.ResourceChange!.LogicalResourceId!, c.ResourceChange!]));
    expect(Object.keys(changes).sort()).toEqual(["Bucket", "Db", "Ingress", "Sg", "Topic", "Vpc"]);
    expect(cs.Changes!.every((c) => c.Type === "Resource")).toBe(true);
  });

  it("Modify with Replacement False for a property that updates in place", () => {
    expect(changes.Vpc).toMatchObject({
      Action: "Modify",
      Replacement: "False",
      Scope: ["Properties"],
      ResourceType: "AWS::EC2::VPC",
      Details: [
        {
          Target: { Attribute: "Properties", Name: "EnableDnsHostnames", RequiresRecreation: "Never" },
          Evaluation: "Static",
          ChangeSource: "DirectModification",
        },
      ],
    });
    expect(changes.Vpc.PhysicalResourceId).toMatch(/^vpc-/);
  });

  it("Replacement True for an Always-replace property", () => {
    expect(changes.Sg).toMatchObject({
      Action: "Modify",
      Replacement: "True",
      PolicyAction: "ReplaceAndDelete",
      Details: [
        {
          Target: { Attribute: "Properties", Name: "GroupDescription", RequiresRecreation: "Always" },
          Evaluation: "Static",
          ChangeSource: "DirectModification",
        },
      ],
    });
  });

  it("Replacement Conditional for a dependent of a replaced resource, evaluated dynamically", () => {
    expect(changes.Ingress).toMatchObject({
      Action: "Modify",
      Replacement: "Conditional",
      Details: [
        {
          Target: { Name: "GroupId", RequiresRecreation: "Always" },
          Evaluation: "Dynamic",
          ChangeSource: "ResourceReference",
          CausingEntity: "Sg",
        },
      ],
    });
  });

  it("Replacement Conditional for a Conditional property, with parameter-driven details", () => {
    expect(changes.Db.Action).toBe("Modify");
    expect(changes.Db.Replacement).toBe("Conditional");
    const details = Object.fromEntries(changes.Db.Details!.map((d) => [d.Target!.Name!, d]));
    expect(details.MultiAZ).toMatchObject({
      Target: { RequiresRecreation: "Conditional" },
      ChangeSource: "DirectModification",
      Evaluation: "Static",
    });
    expect(details.DBInstanceClass).toMatchObject({
      Target: { RequiresRecreation: "Never" },
      ChangeSource: "ParameterReference",
      CausingEntity: "DbClass",
    });
  });

  it("Add and Remove", () => {
    expect(changes.Topic).toMatchObject({ Action: "Add", ResourceType: "AWS::SNS::Topic" });
    expect(changes.Topic.Replacement).toBeUndefined();
    expect(changes.Bucket).toMatchObject({ Action: "Remove", ResourceType: "AWS::S3::Bucket", PolicyAction: "Delete" });
  });

  it("lists change sets and returns a change set's template", async () => {
    await cf.send(
      new CreateChangeSetCommand({
        StackName: "cs",
        ChangeSetName: "small",
        TemplateBody: BASE.replace("GroupDescription: web", "GroupDescription: web2"),
      }),
    );
    await settled("small", "cs");
    const { Summaries } = await cf.send(new ListChangeSetsCommand({ StackName: "cs" }));
    expect(Summaries!.map((s) => [s.ChangeSetName, s.Status, s.ExecutionStatus])).toEqual([
      ["big", "CREATE_COMPLETE", "AVAILABLE"],
      ["small", "CREATE_COMPLETE", "AVAILABLE"],
    ]);
    const t = await cf.send(new GetTemplateCommand({ StackName: "cs", ChangeSetName: "small" }));
    expect(t.TemplateBody).toContain("GroupDescription: web2");
  });

  it("executes: the stack updates as described and sibling change sets are deleted", async () => {
    await cf.send(new ExecuteChangeSetCommand({ StackName: "cs", ChangeSetName: "big", ClientRequestToken: "exec-big" }));
    const s = await waitForStack(cf, "cs");
    expect(s.StackStatus).toBe("UPDATE_COMPLETE");
    expect(s.ChangeSetId).toMatch(/changeSet\/big\//);
    const big = await cf.send(new DescribeChangeSetCommand({ StackName: "cs", ChangeSetName: "big" }));
    expect(big.ExecutionStatus).toBe("EXECUTE_COMPLETE");
    const err = await cf.send(new ExecuteChangeSetCommand({ StackName: "cs", ChangeSetName: "small" })).catch((e: Error) => e);
    expect((err as Error).name).toBe("ChangeSetNotFoundException");
    const { StackEvents } = await cf.send(new DescribeStackEventsCommand({ StackName: "cs" }));
    const lines = StackEvents!.filter((e) => e.ClientRequestToken === "exec-big").map((e) => `${e.LogicalResourceId} ${e.ResourceStatus}`);
    expect(lines).toContain("Topic CREATE_COMPLETE");
    expect(lines).toContain("Bucket DELETE_COMPLETE");
    expect(lines.filter((l) => l === "Sg DELETE_COMPLETE")).toHaveLength(1); // the replaced group
    expect(lines).toContain("Ingress UPDATE_COMPLETE");
  });

  it("fails a change set without changes", async () => {
    await cf.send(
      new CreateChangeSetCommand({
        StackName: "cs",
        ChangeSetName: "same",
        UsePreviousTemplate: true,
        Parameters: [{ ParameterKey: "DbClass", UsePreviousValue: true }],
      }),
    );
    const cs = await settled("same", "cs");
    expect(cs).toMatchObject({
      Status: "FAILED",
      ExecutionStatus: "UNAVAILABLE",
      StatusReason: "The submitted information didn't contain changes. Submit different information to create a change set.",
    });
    expect(cs.Changes).toEqual([]);
  });

  it("deletes change sets; a missing one is ChangeSetNotFoundException (404)", async () => {
    await cf.send(new DeleteChangeSetCommand({ StackName: "cs", ChangeSetName: "same" }));
    const err = await cf
      .send(new DescribeChangeSetCommand({ StackName: "cs", ChangeSetName: "same" }))
      .catch((e: { name: string; $metadata: { httpStatusCode: number } }) => e);
    expect(err).toMatchObject({ name: "ChangeSetNotFoundException", $metadata: { httpStatusCode: 404 } });
  });
});

describe("CREATE change sets", () => {
  it("creates the stack in REVIEW_IN_PROGRESS, lists every resource as Add, and executes into CREATE_COMPLETE", async () => {
    const { StackId } = await cf.send(
      new CreateChangeSetCommand({ StackName: "fresh", ChangeSetName: "initial", ChangeSetType: "CREATE", TemplateBody: BASE }),
    );
    const review = (await cf.send(new DescribeStacksCommand({ StackName: "fresh" }))).Stacks![0];
    expect(review).toMatchObject({ StackId, StackStatus: "REVIEW_IN_PROGRESS" });
    const cs = await settled("initial", "fresh");
    expect(cs.Status).toBe("CREATE_COMPLETE");
    expect(cs.Changes!.map((c) => [c.ResourceChange!.Action, c.ResourceChange!.LogicalResourceId])).toEqual(
      ["Vpc", "Sg", "Ingress", "Bucket", "Db"].map((id) => ["Add", id]),
    );
    await cf.send(new ExecuteChangeSetCommand({ ChangeSetName: cs.ChangeSetId }));
    const s = await waitForStack(cf, "fresh");
    expect(s.StackStatus).toBe("CREATE_COMPLETE");
    expect((await cf.send(new DescribeChangeSetCommand({ ChangeSetName: cs.ChangeSetId }))).ExecutionStatus).toBe("EXECUTE_COMPLETE");
    const { StackEvents } = await cf.send(new DescribeStackEventsCommand({ StackName: "fresh" }));
    expect(StackEvents!.at(-1)).toMatchObject({ ResourceStatus: "REVIEW_IN_PROGRESS", ResourceStatusReason: "User Initiated" });
  });

  it("refuses a CREATE change set for an existing stack and an UPDATE one for a missing stack", async () => {
    const e1 = await cf
      .send(new CreateChangeSetCommand({ StackName: "cs", ChangeSetName: "again", ChangeSetType: "CREATE", TemplateBody: BASE }))
      .catch((e: Error) => e);
    expect((e1 as Error).name).toBe("ValidationError");
    const e2 = await cf
      .send(new CreateChangeSetCommand({ StackName: "nope", ChangeSetName: "x", TemplateBody: BASE }))
      .catch((e: Error) => e);
    expect(e2).toMatchObject({ name: "ValidationError", message: "Stack [nope] does not exist" });
  });
});
