// The sandbox's STS through the AWS SDK: AssumeRole hands out temporary credentials, calls signed
// with them act in the role's account (whose stacks other accounts cannot see), and expired or
// forged session tokens are refused as AWS refuses them.
import { CreateStackCommand, DescribeStacksCommand, CloudFormationClient, ListStacksCommand } from "@aws-sdk/client-cloudformation";
import { AssumeRoleCommand, GetCallerIdentityCommand, STSClient } from "@aws-sdk/client-sts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startSandbox, type RunningSandbox } from "./testing/spawn";
import { errorOf } from "./testing/errors";

const TINY = "Resources:\n  Topic:\n    Type: AWS::SNS::Topic\n";
const ROLE = "arn:aws:iam::111111111111:role/deploy/StackportDeployer";

let sb: RunningSandbox;
const own = { accessKeyId: "AKIDSANDBOX", secretAccessKey: "sandbox" };
const sts = (credentials = own) => new STSClient({ endpoint: sb.endpoint, region: "us-east-1", credentials, maxAttempts: 1 });
const cfn = (credentials: { accessKeyId: string; secretAccessKey: string; sessionToken?: string }) =>
  new CloudFormationClient({ endpoint: sb.endpoint, region: "us-east-1", credentials, maxAttempts: 1 });

async function session(durationSeconds?: number) {
  const out = await sts().send(
    new AssumeRoleCommand({ RoleArn: ROLE, RoleSessionName: "stackport", DurationSeconds: durationSeconds, ExternalId: "ext-42" }),
  );
  const c = out.Credentials!;
  return { out, credentials: { accessKeyId: c.AccessKeyId!, secretAccessKey: c.SecretAccessKey!, sessionToken: c.SessionToken! } };
}

beforeAll(async () => {
  sb = await startSandbox();
});
afterAll(() => sb?.stop());

describe("sandbox STS", () => {
  it("assumes a role: temporary credentials, the assumed-role identity and an expiry", async () => {
    const before = Date.now();
    const { out, credentials } = await session(900);
    expect(credentials.accessKeyId).toMatch(/^ASIA[A-Z0-9]{16}$/);
    expect(out.AssumedRoleUser?.Arn).toBe("arn:aws:sts::111111111111:assumed-role/StackportDeployer/stackport");
    expect(out.Credentials!.Expiration!.getTime()).toBeGreaterThanOrEqual(Math.floor(before / 1000) * 1000 + 899_000);
    expect(out.Credentials!.Expiration!.getTime()).toBeLessThanOrEqual(Date.now() + 900_000);
    const me = await sts(credentials).send(new GetCallerIdentityCommand({}));
    expect(me).toMatchObject({ Account: "111111111111", Arn: "arn:aws:sts::111111111111:assumed-role/StackportDeployer/stackport" });
  });

  it("refuses what AWS refuses: a bad role ARN, too short a session", async () => {
    expect(
      await errorOf(sts().send(new AssumeRoleCommand({ RoleArn: "arn:aws:iam::1:user/x", RoleSessionName: "stackport" }))),
    ).toMatchObject({ name: "ValidationError", message: /roleArn/ });
    expect(
      await errorOf(sts().send(new AssumeRoleCommand({ RoleArn: ROLE, RoleSessionName: "stackport", DurationSeconds: 60 }))),
    ).toMatchObject({ name: "ValidationError", message: /between 900 and 43200/ });
  });

  it("keeps each account's stacks to itself", async () => {
    const { credentials } = await session();
    const theirs = cfn(credentials);
    const { StackId } = await theirs.send(new CreateStackCommand({ StackName: "in-their-account", TemplateBody: TINY }));
    expect(StackId).toMatch(/^arn:aws:cloudformation:us-east-1:111111111111:stack\/in-their-account\//);
    await cfn(own).send(new CreateStackCommand({ StackName: "in-ours", TemplateBody: TINY }));

    expect((await theirs.send(new DescribeStacksCommand({ StackName: StackId }))).Stacks?.[0].StackName).toBe("in-their-account");
    for (const ref of [StackId!, "in-their-account"]) {
      expect(await errorOf(cfn(own).send(new DescribeStacksCommand({ StackName: ref })))).toMatchObject({
        name: "ValidationError",
        message: /does not exist/,
      });
    }
    const names = (c: CloudFormationClient) =>
      c.send(new ListStacksCommand({})).then((r) => (r.StackSummaries ?? []).map((s) => s.StackName));
    expect(await names(theirs)).toEqual(["in-their-account"]);
    expect(await names(cfn(own))).toEqual(["in-ours"]);
  });

  it("refuses an expired session and a forged token", async () => {
    const { credentials } = await session();
    const body = JSON.parse(Buffer.from(credentials.sessionToken.split(".")[1], "base64url").toString());
    const expired = `sandbox-session.${Buffer.from(JSON.stringify({ ...body, e: Date.now() - 1000 })).toString("base64url")}`;
    expect(await errorOf(cfn({ ...credentials, sessionToken: expired }).send(new ListStacksCommand({})))).toMatchObject({
      name: "ExpiredToken",
      message: /expired/,
    });
    expect(await errorOf(cfn({ ...credentials, sessionToken: "not-a-session" }).send(new ListStacksCommand({})))).toMatchObject({
      name: "InvalidClientTokenId",
    });
    // A session's token only goes with its own access key.
    expect(await errorOf(cfn({ ...credentials, accessKeyId: "ASIAOTHERKEY0000000" }).send(new ListStacksCommand({})))).toMatchObject({
      name: "InvalidClientTokenId",
    });
  });
});
