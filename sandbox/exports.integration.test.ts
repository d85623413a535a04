// Exports and Fn::ImportValue through the AWS SDK: ListExports/ListImports with NextToken, export
// names unique per account and region, imports only from the caller's own account and region, an
// export in use blocks deleting or changing it, and a missing import fails the stack, not the call.
import {
  CloudFormationClient,
  CreateChangeSetCommand,
  CreateStackCommand,
  DeleteStackCommand,
  DescribeChangeSetCommand,
  DescribeStackResourcesCommand,
  ExecuteChangeSetCommand,
  ListExportsCommand,
  ListImportsCommand,
  UpdateStackCommand,
  type Stack,
} from "@aws-sdk/client-cloudformation";
import { AssumeRoleCommand, STSClient } from "@aws-sdk/client-sts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { allStackEvents, startSandbox, waitForStack, type RunningSandbox } from "./testing/spawn";
import { errorOf } from "./testing/errors";

let sb: RunningSandbox;
let cf: CloudFormationClient;

const exporter = (names: string[], value = "!Ref Topic") =>
  "Resources:\n  Topic:\n    Type: AWS::SNS::Topic\nOutputs:\n" +
  names.map((n) => `  ${n.replace(/-/g, "")}:\n    Value: ${value}\n    Export: { Name: ${n} }\n`).join("");

const importer = (name: string) => `Resources:\n  Queue:\n    Type: AWS::SQS::Queue\n    Properties: { QueueName: !ImportValue ${name} }\n`;

const reasonOf = async (client: CloudFormationClient, stack: string, status: string) =>
  (await allStackEvents(client, stack)).find((e) => e.LogicalResourceId === stack && e.ResourceStatus === status)?.ResourceStatusReason;

async function listExports(client: CloudFormationClient) {
  const out: { Name?: string; Value?: string; ExportingStackId?: string }[] = [];
  let token: string | undefined;
  do {
    const page = await client.send(new ListExportsCommand({ NextToken: token }));
    out.push(...page.Exports!);
    token = page.NextToken;
  } while (token);
  return out;
}

let net: Stack;

beforeAll(async () => {
  sb = await startSandbox({ env: { SANDBOX_PAGE_SIZE: "3" } });
  cf = sb.client();
  await cf.send(new CreateStackCommand({ StackName: "net", TemplateBody: exporter(["net-A", "net-B", "net-C", "net-D"]) }));
  net = await waitForStack(cf, "net");
});
afterAll(() => sb?.stop());

describe("exports and imports", () => {
  it("lists exports with NextToken, and refuses ListImports of an export nobody imports", async () => {
    const all = await listExports(cf);
    expect(all.map((e) => e.Name)).toEqual(["net-A", "net-B", "net-C", "net-D"]);
    expect(all[0]).toEqual({ Name: "net-A", Value: net.Outputs![0].OutputValue, ExportingStackId: net.StackId });
    expect(await errorOf(cf.send(new ListImportsCommand({ ExportName: "net-A" })))).toMatchObject({
      name: "ValidationError",
      message: "Export 'net-A' is not imported by any stack.",
    });
  });

  it("resolves Fn::ImportValue and lists the importing stacks", async () => {
    for (const n of ["app1", "app2", "app3", "app4"])
      await cf.send(new CreateStackCommand({ StackName: n, TemplateBody: importer("net-A") }));
    for (const n of ["app1", "app2", "app3", "app4"]) expect((await waitForStack(cf, n)).StackStatus).toBe("CREATE_COMPLETE");
    const { StackResources } = await cf.send(new DescribeStackResourcesCommand({ StackName: "app1" }));
    expect(StackResources![0].PhysicalResourceId).toContain(net.Outputs![0].OutputValue!.split(":").pop());
    const p1 = await cf.send(new ListImportsCommand({ ExportName: "net-A" }));
    const p2 = await cf.send(new ListImportsCommand({ ExportName: "net-A", NextToken: p1.NextToken }));
    expect([...p1.Imports!, ...p2.Imports!]).toEqual(["app1", "app2", "app3", "app4"]);
    expect(p2.NextToken).toBeUndefined();
  });

  it("fails a second stack exporting the same name in the account and region, asynchronously", async () => {
    await cf.send(new CreateStackCommand({ StackName: "dup", TemplateBody: exporter(["net-B"]) }));
    const dup = await waitForStack(cf, "dup");
    expect(dup.StackStatus).toBe("ROLLBACK_COMPLETE");
    expect(await reasonOf(cf, "dup", "ROLLBACK_IN_PROGRESS")).toBe(
      "Export with name net-B is already exported by stack net. Rollback requested by user.",
    );
    // Another region has its own export names.
    const west = new CloudFormationClient({
      endpoint: sb.endpoint,
      region: "eu-west-1",
      credentials: { accessKeyId: "a", secretAccessKey: "b" },
    });
    await west.send(new CreateStackCommand({ StackName: "dup", TemplateBody: exporter(["net-B"]) }));
    expect((await waitForStack(west, "dup")).StackStatus).toBe("CREATE_COMPLETE");
    expect((await listExports(west)).map((e) => e.Name)).toEqual(["net-B"]);
  });

  it("imports only from the caller's own account and region", async () => {
    const west = new CloudFormationClient({
      endpoint: sb.endpoint,
      region: "eu-west-1",
      credentials: { accessKeyId: "a", secretAccessKey: "b" },
    });
    await west.send(new CreateStackCommand({ StackName: "far", TemplateBody: importer("net-A") }));
    expect((await waitForStack(west, "far")).StackStatus).toBe("ROLLBACK_COMPLETE");
    expect(await reasonOf(west, "far", "ROLLBACK_IN_PROGRESS")).toBe("No export named net-A found. Rollback requested by user.");

    const sts = new STSClient({ endpoint: sb.endpoint, region: "us-east-1", credentials: { accessKeyId: "a", secretAccessKey: "b" } });
    const { Credentials: c } = await sts.send(
      new AssumeRoleCommand({ RoleArn: "arn:aws:iam::111111111111:role/Deployer", RoleSessionName: "other" }),
    );
    const other = new CloudFormationClient({
      endpoint: sb.endpoint,
      region: "us-east-1",
      credentials: { accessKeyId: c!.AccessKeyId!, secretAccessKey: c!.SecretAccessKey!, sessionToken: c!.SessionToken! },
    });
    expect(await listExports(other)).toEqual([]);
    await other.send(new CreateStackCommand({ StackName: "elsewhere", TemplateBody: importer("net-A") }));
    expect((await waitForStack(other, "elsewhere")).StackStatus).toBe("ROLLBACK_COMPLETE");
    expect(await reasonOf(other, "elsewhere", "ROLLBACK_IN_PROGRESS")).toBe("No export named net-A found. Rollback requested by user.");
  });

  it("accepts a missing import on CreateStack and CreateChangeSet, then fails the stack with AWS's reason", async () => {
    await cf.send(new CreateStackCommand({ StackName: "lost", TemplateBody: importer("nope") }));
    expect((await waitForStack(cf, "lost")).StackStatus).toBe("ROLLBACK_COMPLETE");
    expect(await reasonOf(cf, "lost", "ROLLBACK_IN_PROGRESS")).toBe("No export named nope found. Rollback requested by user.");

    const { Id } = await cf.send(
      new CreateChangeSetCommand({ StackName: "lost2", ChangeSetName: "c", ChangeSetType: "CREATE", TemplateBody: importer("nope") }),
    );
    for (let i = 0; i < 200; i++) {
      const cs = await cf.send(new DescribeChangeSetCommand({ ChangeSetName: Id }));
      if (cs.Status !== "CREATE_PENDING") break;
      await new Promise((r) => setTimeout(r, 20));
    }
    expect((await cf.send(new DescribeChangeSetCommand({ ChangeSetName: Id }))).Status).toBe("CREATE_COMPLETE");
    await cf.send(new ExecuteChangeSetCommand({ ChangeSetName: Id }));
    expect((await waitForStack(cf, "lost2")).StackStatus).toBe("ROLLBACK_COMPLETE");

    await cf.send(new CreateStackCommand({ StackName: "lost3", TemplateBody: importer("nope"), DisableRollback: true }));
    const kept = await waitForStack(cf, "lost3");
    expect([kept.StackStatus, kept.StackStatusReason]).toEqual(["CREATE_FAILED", "No export named nope found."]);
  });

  it("rolls back an update that changes or removes an export in use", async () => {
    await cf.send(new UpdateStackCommand({ StackName: "net", TemplateBody: exporter(["net-A", "net-B", "net-C", "net-D"], "changed") }));
    expect((await waitForStack(cf, "net")).StackStatus).toBe("UPDATE_ROLLBACK_COMPLETE");
    expect(await reasonOf(cf, "net", "UPDATE_ROLLBACK_IN_PROGRESS")).toBe(
      "Cannot update export net-A as it is in use by app1, app2, app3, app4",
    );

    await cf.send(
      new UpdateStackCommand({ StackName: "net", TemplateBody: exporter(["net-B", "net-C", "net-D"]) + "  Extra:\n    Value: x\n" }),
    );
    expect((await waitForStack(cf, "net")).StackStatus).toBe("UPDATE_ROLLBACK_COMPLETE");
    const reasons = (await allStackEvents(cf, "net")).filter((e) => e.ResourceStatus === "UPDATE_ROLLBACK_IN_PROGRESS");
    expect(reasons[0].ResourceStatusReason).toBe("Export net-A cannot be deleted as it is in use by app1, app2, app3, app4");
    // Exports nobody imports may change.
    await cf.send(
      new UpdateStackCommand({
        StackName: "net",
        TemplateBody: exporter(["net-A"]) + "  Other:\n    Value: free\n    Export: { Name: net-B }\n",
      }),
    );
    expect((await waitForStack(cf, "net")).StackStatus).toBe("UPDATE_COMPLETE");
    expect((await listExports(cf)).find((e) => e.Name === "net-B")?.Value).toBe("free");
  });
  it("refuses to delete a stack whose export is in use: 200, then DELETE_FAILED with AWS's reason", async () => {
    await cf.send(new DeleteStackCommand({ StackName: "net" }));
    const s = await waitForStack(cf, "net");
    expect(s.StackStatus).toBe("DELETE_FAILED");
    expect(s.StackStatusReason).toBe("Export net-A cannot be deleted as it is in use by app1, app2, app3, app4");
    const { StackResources } = await cf.send(new DescribeStackResourcesCommand({ StackName: "net" }));
    expect(StackResources![0].ResourceStatus).toBe("CREATE_COMPLETE");
  });
});
