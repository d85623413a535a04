import { describe, expect, it } from "vitest";
import {
  alarmArnsOf,
  deploymentDigest,
  deploymentOf,
  rollbackConfigurationFor,
  type DeploymentClient,
  type DeploymentRequest,
  type DeploymentRevision,
} from "./deployment";

// What an approval binds to: one hash over everything the executor sends. Every field changes it.
const body = JSON.stringify({
  Parameters: { DbPassword: { Type: "String", NoEcho: true }, Size: { Type: "String" } },
  Resources: { Db: { Type: "AWS::RDS::DBInstance" }, Web: { Type: "AWS::EC2::Instance" } },
});
const revision: DeploymentRevision = {
  number: 3,
  body,
  parameters: JSON.stringify([
    { ParameterKey: "DbPassword", ParameterValue: "s3cret" },
    { ParameterKey: "Size", ParameterValue: "small" },
  ]),
  tags: JSON.stringify([{ Key: "client", Value: "acme" }]),
  sizeId: "small",
};
const request: DeploymentRequest = { id: "r1", kind: "CREATE", changeSetId: null, resourcesToSkip: null };
const client: DeploymentClient = { stackName: "acme-web-production", stackId: null, environment: "production" };
const caps = ["CAPABILITY_IAM"];
const outputs = JSON.stringify({
  LoadBalancerDnsName: "acme.elb.amazonaws.com",
  UnhealthyHostsAlarmArn: "arn:aws:cloudwatch:us-east-1:111111111111:alarm:acme-unhealthy",
  LoadBalancer5xxAlarmArn: "arn:aws:cloudwatch:us-east-1:111111111111:alarm:acme-5xx",
});
const digest = (r = request, c = client, v: DeploymentRevision | null = revision, k = caps) => deploymentDigest(deploymentOf(r, c, v, k));

describe("deploymentOf", () => {
  it("is what CreateStack is sent: tags with the portal's own, the stack policy protecting data, termination protection", () => {
    const d = deploymentOf(request, client, revision, caps);
    expect(d.tags.map((t) => t.Key)).toEqual(["client", "stackport:size", "stackport:request", "stackport:revision"]);
    expect(JSON.parse(d.stackPolicyBody!).Statement[1]).toMatchObject({ Effect: "Deny", Resource: ["LogicalResourceId/Db"] });
    expect(d).toMatchObject({ operation: "CREATE", terminationProtection: true, onFailure: "ROLLBACK", capabilities: caps });
  });
});

describe("deploymentDigest", () => {
  const base = digest();
  const param = (value: string) => ({
    ...revision,
    parameters: JSON.stringify([
      { ParameterKey: "DbPassword", ParameterValue: value },
      { ParameterKey: "Size", ParameterValue: "small" },
    ]),
  });
  it.each<[string, string]>([
    ["the template body", digest(request, client, { ...revision, body: body.replace("EC2::Instance", "EC2::Volume") })],
    ["a NoEcho parameter's value", digest(request, client, param("other"))],
    ["the tags", digest(request, client, { ...revision, tags: "[]" })],
    ["the stack's name", digest(request, { ...client, stackName: "other" })],
    ["termination protection (the environment)", digest(request, { ...client, environment: "staging" })],
    ["the capabilities", digest(request, client, revision, ["CAPABILITY_IAM", "CAPABILITY_NAMED_IAM"])],
    ["the request (its tag)", digest({ ...request, id: "r2" })],
    ["the resources a recovery skips", digest({ ...request, kind: "RECOVER", resourcesToSkip: '["Db"]' })],
    [
      "an update's rollback triggers",
      digest({
        ...request,
        kind: "UPDATE",
        changeSetId: "cs",
        rollbackConfiguration: JSON.stringify(rollbackConfigurationFor(outputs, 5)),
      }),
    ],
  ])("changes with %s", (_what, changed) => {
    expect(changed).not.toContain(base);
  });

  it("is the same for the same bytes, and independent of the capabilities' order", () => {
    expect(digest()).toBe(base);
    expect(digest(request, client, revision, ["CAPABILITY_NAMED_IAM", "CAPABILITY_IAM"])).toBe(
      digest(request, client, revision, ["CAPABILITY_IAM", "CAPABILITY_NAMED_IAM"]),
    );
    const update = (cs: string) => digest({ ...request, kind: "RESIZE", changeSetId: cs });
    expect(update("cs-1")).not.toBe(update("cs-2"));
  });
});

describe("rollback configuration", () => {
  it("names the blueprint's alarms from the stack's outputs, in a stable order, with the monitoring time", () => {
    expect(alarmArnsOf(outputs)).toEqual([
      "arn:aws:cloudwatch:us-east-1:111111111111:alarm:acme-5xx",
      "arn:aws:cloudwatch:us-east-1:111111111111:alarm:acme-unhealthy",
    ]);
    expect(rollbackConfigurationFor(outputs, 5)).toEqual({
      RollbackTriggers: [
        { Arn: "arn:aws:cloudwatch:us-east-1:111111111111:alarm:acme-5xx", Type: "AWS::CloudWatch::Alarm" },
        { Arn: "arn:aws:cloudwatch:us-east-1:111111111111:alarm:acme-unhealthy", Type: "AWS::CloudWatch::Alarm" },
      ],
      MonitoringTimeInMinutes: 5,
    });
  });

  it("is absent for a stack without alarms (before 1.1.0) and for outputs that are not JSON", () => {
    expect(rollbackConfigurationFor(JSON.stringify({ LoadBalancerDnsName: "x" }), 5)).toBeNull();
    expect(rollbackConfigurationFor(null, 5)).toBeNull();
    expect(rollbackConfigurationFor("{not json", 5)).toBeNull();
  });

  it("leaves the digest of a deployment without one as it always was", () => {
    const update = { ...request, kind: "UPDATE", changeSetId: "cs" };
    expect(digest({ ...update, rollbackConfiguration: null })).toBe(digest(update));
    expect(deploymentOf(update, client, revision, caps)).not.toHaveProperty("rollbackConfiguration");
  });
});
