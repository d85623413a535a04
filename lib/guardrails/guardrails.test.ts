import { describe, expect, it } from "vitest";
import { parseCfnYaml, type JsonObject } from "../catalog";
import { renderStack } from "../render";
import { GUARDRAIL_RULES, evaluateGuardrails, hasBlockingFindings, listGuardrailRules } from "./index";

// Passes every rule. Values that matter go through parameters and Fn::If on purpose, so the
// cases below also prove that rules judge the resolved values, not the raw intrinsics.
const COMPLIANT = `
Metadata:
  Stackport: { environment: production }
Parameters:
  Environment: { Type: String, Default: production }
  Ha: { Type: String, Default: "true" }
  Days: { Type: Number, Default: 14 }
  Cert: { Type: String, Default: "arn:aws:acm:us-east-1:123456789012:certificate/abc" }
Conditions:
  IsHa: !Equals [!Ref Ha, "true"]
  IsProd: !Equals [!Ref Environment, production]
  HasCert: !Not [!Equals [!Ref Cert, ""]]
Resources:
  AlbGroup:
    Type: AWS::EC2::SecurityGroup
    Properties:
      GroupDescription: alb
      SecurityGroupIngress:
        - { IpProtocol: tcp, FromPort: 80, ToPort: 80, CidrIp: 0.0.0.0/0 }
        - { IpProtocol: tcp, FromPort: 443, ToPort: 443, CidrIpv6: ::/0 }
  AppGroup:
    Type: AWS::EC2::SecurityGroup
    Properties: { GroupDescription: app }
  AppFromAlb:
    Type: AWS::EC2::SecurityGroupIngress
    Properties: { GroupId: !GetAtt AppGroup.GroupId, IpProtocol: tcp, FromPort: 8080, ToPort: 8080, SourceSecurityGroupId: !GetAtt AlbGroup.GroupId }
  Alb:
    Type: AWS::ElasticLoadBalancingV2::LoadBalancer
    Properties: { Scheme: internet-facing, SecurityGroups: [!GetAtt AlbGroup.GroupId] }
  Https:
    Type: AWS::ElasticLoadBalancingV2::Listener
    Condition: HasCert
    Properties: { LoadBalancerArn: !Ref Alb, Protocol: HTTPS, Port: 443, DefaultActions: [] }
  Launch:
    Type: AWS::EC2::LaunchTemplate
    Properties:
      LaunchTemplateData:
        MetadataOptions: { HttpTokens: required }
        BlockDeviceMappings: [{ DeviceName: /dev/xvda, Ebs: { Encrypted: true } }]
  Bucket:
    Type: AWS::S3::Bucket
    DeletionPolicy: Retain
    UpdateReplacePolicy: Retain
    Properties:
      BucketEncryption: { ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: AES256 } }] }
      PublicAccessBlockConfiguration: { BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true }
  BucketPolicy:
    Type: AWS::S3::BucketPolicy
    Properties:
      Bucket: !Ref Bucket
      PolicyDocument:
        Statement:
          - { Effect: Deny, Principal: "*", Action: "s3:*", Resource: "*", Condition: { Bool: { aws:SecureTransport: "false" } } }
  Cache:
    Type: AWS::ElastiCache::ReplicationGroup
    DeletionPolicy: Snapshot
    UpdateReplacePolicy: Snapshot
    Properties: { ReplicationGroupDescription: c, TransitEncryptionEnabled: true, AtRestEncryptionEnabled: true }
  Db:
    Type: AWS::RDS::DBInstance
    DeletionPolicy: Snapshot
    UpdateReplacePolicy: Snapshot
    Properties:
      StorageEncrypted: true
      PubliclyAccessible: false
      BackupRetentionPeriod: !Ref Days
      MultiAZ: !If [IsHa, true, false]
      DeletionProtection: !If [IsProd, true, false]
      ManageMasterUserPassword: true
`;

type Mutation = (t: JsonObject) => void;
const res = (t: JsonObject, id: string) => (t.Resources as Record<string, JsonObject>)[id];
const props = (t: JsonObject, id: string) => res(t, id).Properties as JsonObject;
const param = (t: JsonObject, name: string, value: string) => (((t.Parameters as JsonObject)[name] as JsonObject).Default = value);

function run(mutate?: Mutation, parameters?: Record<string, string>) {
  const t = parseCfnYaml(COMPLIANT);
  mutate?.(t);
  return evaluateGuardrails(t, { parameters });
}

// [rule, failing mutation, resource flagged, passing variant (beyond the compliant baseline)]
const CASES: [string, Mutation, string, Mutation][] = [
  [
    "s3-public-access-blocked",
    (t) => ((props(t, "Bucket").PublicAccessBlockConfiguration as JsonObject).RestrictPublicBuckets = false),
    "Bucket",
    (t) => ((props(t, "Bucket").PublicAccessBlockConfiguration as JsonObject).BlockPublicAcls = "true"),
  ],
  [
    "s3-encrypted",
    (t) => delete props(t, "Bucket").BucketEncryption,
    "Bucket",
    (t) =>
      (props(t, "Bucket").BucketEncryption = {
        ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: "aws:kms" } }],
      }),
  ],
  ["s3-tls-only", (t) => delete res(t, "BucketPolicy").Properties, "Bucket", () => undefined],
  ["rds-encrypted", (t) => (props(t, "Db").StorageEncrypted = false), "Db", (t) => (props(t, "Db").StorageEncrypted = "true")],
  ["rds-not-public", (t) => delete props(t, "Db").PubliclyAccessible, "Db", (t) => (props(t, "Db").PubliclyAccessible = "false")],
  ["rds-backup-retention", (t) => param(t, "Days", "3"), "Db", (t) => param(t, "Days", "7")],
  [
    "rds-multi-az-production",
    (t) => param(t, "Ha", "false"),
    "Db",
    (t) => {
      param(t, "Ha", "false");
      (t.Metadata as JsonObject).Stackport = { environment: "staging" };
    },
  ],
  [
    "rds-deletion-protection-production",
    (t) => (props(t, "Db").DeletionProtection = false),
    "Db",
    (t) => {
      props(t, "Db").DeletionProtection = false;
      param(t, "Environment", "staging");
      delete t.Metadata;
    },
  ],
  [
    "rds-no-plaintext-password",
    (t) => (props(t, "Db").MasterUserPassword = "hunter2hunter2"),
    "Db",
    (t) => (props(t, "Db").MasterUserPassword = "{{resolve:secretsmanager:db-secret:SecretString:password}}"),
  ],
  [
    "cache-encrypted-in-transit",
    (t) => (props(t, "Cache").TransitEncryptionEnabled = false),
    "Cache",
    (t) => (props(t, "Cache").TransitEncryptionMode = "required"),
  ],
  ["cache-encrypted-at-rest", (t) => delete props(t, "Cache").AtRestEncryptionEnabled, "Cache", () => undefined],
  [
    "sg-internet-ingress",
    (t) => ((props(t, "AlbGroup").SecurityGroupIngress as JsonObject[])[0].ToPort = 8080),
    "AlbGroup",
    (t) => (props(t, "AppFromAlb").CidrIp = "10.0.0.0/8"),
  ],
  [
    "sg-internet-ingress",
    (t) => (props(t, "AppFromAlb").CidrIp = "0.0.0.0/0"),
    "AppFromAlb",
    (t) => (props(t, "Alb").Scheme = "internet-facing"),
  ],
  ["sg-internet-ingress", (t) => (props(t, "Alb").Scheme = "internal"), "AlbGroup", () => undefined],
  [
    "ec2-imdsv2-required",
    (t) => (((props(t, "Launch").LaunchTemplateData as JsonObject).MetadataOptions as JsonObject).HttpTokens = "optional"),
    "Launch",
    () => undefined,
  ],
  [
    "ebs-encrypted",
    (t) => (((props(t, "Launch").LaunchTemplateData as JsonObject).BlockDeviceMappings as JsonObject[])[0].Ebs = { VolumeSize: 8 }),
    "Launch",
    () => undefined,
  ],
  ["stateful-retention", (t) => delete res(t, "Db").DeletionPolicy, "Db", (t) => (res(t, "Db").DeletionPolicy = "Retain")],
  ["stateful-retention", (t) => (res(t, "Bucket").UpdateReplacePolicy = "Snapshot"), "Bucket", () => undefined],
  ["stateful-retention", (t) => (res(t, "Cache").UpdateReplacePolicy = "Delete"), "Cache", () => undefined],
  [
    "alb-https-production",
    (t) => param(t, "Cert", ""),
    "Alb",
    (t) => {
      param(t, "Cert", "");
      (t.Metadata as JsonObject).Stackport = { environment: "staging" };
    },
  ],
];

describe("evaluateGuardrails", () => {
  it("finds nothing in the compliant fixture", () => {
    expect(run()).toEqual([]);
  });

  it("covers every rule with at least one case", () => {
    expect(new Set(CASES.map(([id]) => id))).toEqual(new Set(GUARDRAIL_RULES.map((r) => r.id)));
    expect(listGuardrailRules().every((r) => r.description.length > 10)).toBe(true);
  });

  it.each(CASES)("%s fails on its fixture (resource %s) and passes the variant", (ruleId, fail, resource, pass) => {
    const failed = run(fail).filter((f) => f.ruleId === ruleId);
    expect(failed).toContainEqual(
      expect.objectContaining({ ruleId, resource, severity: GUARDRAIL_RULES.find((r) => r.id === ruleId)!.severity }),
    );
    expect(failed[0].message.length).toBeGreaterThan(10);
    expect(run(pass).filter((f) => f.ruleId === ruleId)).toEqual([]);
  });

  it("resolves parameters passed explicitly over the Defaults", () => {
    expect(run(undefined, { Ha: "false" })).toContainEqual(expect.objectContaining({ ruleId: "rds-multi-az-production", resource: "Db" }));
  });

  it("treats an unknown environment as production (fails closed)", () => {
    const findings = run((t) => {
      delete t.Metadata;
      delete (t.Parameters as JsonObject).Environment;
      (t.Conditions as JsonObject).IsProd = { "Fn::Equals": ["a", "b"] };
      param(t, "Ha", "false");
    });
    expect(findings.map((f) => f.ruleId)).toEqual(
      expect.arrayContaining(["rds-multi-az-production", "rds-deletion-protection-production"]),
    );
  });

  it("ignores resources whose Condition is false", () => {
    const t = parseCfnYaml(COMPLIANT);
    (t.Resources as JsonObject).OpenGroup = {
      Type: "AWS::EC2::SecurityGroup",
      Condition: "IsHa",
      Properties: { SecurityGroupIngress: [{ IpProtocol: "-1", CidrIp: "0.0.0.0/0" }] },
    };
    expect(evaluateGuardrails(t).map((f) => f.resource)).toContain("OpenGroup");
    expect(evaluateGuardrails(t, { parameters: { Ha: "false" } }).map((f) => f.resource)).not.toContain("OpenGroup");
  });

  it.each([
    ["small", "staging"],
    ["medium", "production"],
    ["enterprise", "production"],
  ] as const)("finds no errors in the rendered %s %s stack", (sizeId, environment) => {
    const { template } = renderStack({
      blueprintId: "stateless-web",
      sizeId,
      client: { displayName: "Acme", environment, region: "us-east-1", owner: "ops" },
    });
    const findings = evaluateGuardrails(template);
    expect(hasBlockingFindings(findings)).toBe(false);
    // Without a certificate a production stack serves HTTP: a warning the approver sees.
    expect(findings.map((f) => f.ruleId)).toEqual(environment === "production" ? ["alb-https-production"] : []);
  });
});
