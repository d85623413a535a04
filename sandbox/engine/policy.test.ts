import { describe, expect, it } from "vitest";
import { policyDenial } from "./policy";

const policy = JSON.stringify({
  Statement: [
    { Effect: "Allow", Action: "Update:*", Principal: "*", Resource: "*" },
    { Effect: "Deny", Action: ["Update:Replace", "Update:Delete"], Principal: "*", Resource: "LogicalResourceId/Database" },
    {
      Effect: "Deny",
      Action: "Update:*",
      Principal: "*",
      Resource: "*",
      Condition: { StringEquals: { ResourceType: ["AWS::S3::Bucket"] } },
    },
    {
      Effect: "Deny",
      Action: "Update:Modify",
      Principal: "*",
      NotResource: "LogicalResourceId/App*",
      Condition: { StringLike: { ResourceType: ["AWS::EC2::*"] } },
    },
  ],
});

describe("policyDenial", () => {
  it.each([
    ["no policy allows everything", undefined, "Update:Replace", "Database", "AWS::RDS::DBInstance", undefined],
    ["allowed modify", policy, "Update:Modify", "Database", "AWS::RDS::DBInstance", undefined],
    [
      "denied replace",
      policy,
      "Update:Replace",
      "Database",
      "AWS::RDS::DBInstance",
      "Action denied by stack policy: Statement [#1] has a Deny Effect",
    ],
    [
      "denied by resource type",
      policy,
      "Update:Modify",
      "Logs",
      "AWS::S3::Bucket",
      "Action denied by stack policy: Statement [#2] has a Deny Effect",
    ],
    ["NotResource exempts App*", policy, "Update:Modify", "AppSg", "AWS::EC2::SecurityGroup", undefined],
    [
      "NotResource with StringLike",
      policy,
      "Update:Modify",
      "Vpc",
      "AWS::EC2::VPC",
      "Action denied by stack policy: Statement [#3] has a Deny Effect",
    ],
    [
      "implicit deny",
      JSON.stringify({ Statement: [{ Effect: "Allow", Action: "Update:Modify", Resource: "LogicalResourceId/A" }] }),
      "Update:Modify",
      "B",
      "AWS::SNS::Topic",
      "Action denied by stack policy: Action not allowed by any Allow statement",
    ],
  ] as const)("%s", (_name, body, action, id, type, expected) => {
    expect(policyDenial(body, action, id, type)).toBe(expected);
  });
});
