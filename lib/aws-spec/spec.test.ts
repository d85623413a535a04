import { describe, expect, it } from "vitest";
import { getResourceSpec, isKnownResourceType, listResourceTypes } from "./index";

// Real lookups against the installed spec: these facts come from AWS's published resource schema,
// so if an upgrade of @aws-cdk/aws-service-spec changes them, the test should tell us.
describe("lib/aws-spec", () => {
  const rds = getResourceSpec("AWS::RDS::DBInstance");

  it("knows real resource types and rejects made-up ones", () => {
    expect(isKnownResourceType("AWS::RDS::DBInstance")).toBe(true);
    expect(isKnownResourceType("AWS::EC2::VPC")).toBe(true);
    expect(isKnownResourceType("AWS::Made::Up")).toBe(false);
    expect(getResourceSpec("AWS::Made::Up")).toBeUndefined();
    expect(listResourceTypes().length).toBeGreaterThan(1000);
  });

  it.each([
    // The schema marks Engine "maybe": an in-place change is possible for some conversions
    // (e.g. oracle-ee → oracle-ee-cdb), otherwise it replaces the instance.
    ["AWS::RDS::DBInstance", "Engine", "Conditional"],
    ["AWS::RDS::DBInstance", "DBInstanceClass", "Never"],
    ["AWS::RDS::DBInstance", "StorageEncrypted", "Always"],
    ["AWS::RDS::DBInstance", "MultiAZ", "Conditional"],
    ["AWS::EC2::VPC", "CidrBlock", "Always"],
    ["AWS::EC2::VPC", "EnableDnsHostnames", "Never"],
  ] as const)("%s.%s replacement is %s", (type, prop, replacement) => {
    expect(getResourceSpec(type)?.properties[prop]?.replacement).toBe(replacement);
  });

  it.each([
    ["AWS::EC2::Subnet", "VpcId", true],
    ["AWS::AutoScaling::AutoScalingGroup", "MaxSize", true],
    ["AWS::IAM::Role", "AssumeRolePolicyDocument", true],
    ["AWS::RDS::DBInstance", "Engine", false],
  ] as const)("%s.%s required=%s", (type, prop, required) => {
    expect(getResourceSpec(type)?.properties[prop]?.required).toBe(required);
  });

  it("lists GetAtt attributes including dotted names", () => {
    expect(rds?.attributes).toEqual(expect.arrayContaining(["Endpoint.Address", "Endpoint.Port", "MasterUserSecret.SecretArn"]));
    expect(getResourceSpec("AWS::ElastiCache::ReplicationGroup")?.attributes).toContain("PrimaryEndPoint.Address");
    expect(rds?.properties.NotAProperty).toBeUndefined();
  });

  it("returns the same frozen objects on repeated lookups (loaded once)", () => {
    expect(getResourceSpec("AWS::RDS::DBInstance")).toBe(rds);
    expect(Object.isFrozen(rds)).toBe(true);
  });
});
