// templates/portal: the CloudFormation that runs Stackport itself. It is not a client blueprint
// (the catalog skips it), so instead of renderStack it goes straight through the same checks a
// rendered client template gets: the resource specification, every guardrail, and cfn-lint.
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { isJsonObject, listBlueprints, parseCfnYaml, type Json, type JsonObject } from "@/lib/catalog";
import { oidcConfigured, parseEnv } from "@/lib/env";
import { evaluateGuardrails, GUARDRAIL_RULES } from "@/lib/guardrails";
import { createPolicyContext } from "@/lib/guardrails/context";
import { validateTemplate } from "@/lib/render";
import { composeDatabaseUrl } from "@/scripts/container-start.mjs";
import { evaluate, resolveConditions, type EvalContext } from "@/sandbox/template/intrinsics";
import { REQUIRED } from "./test-parameters";

const DIR = import.meta.dirname;
const TEMPLATE_FILE = path.join(DIR, "template.yaml");
const template = parseCfnYaml(readFileSync(TEMPLATE_FILE, "utf8"));
const readme = readFileSync(path.join(DIR, "README.md"), "utf8");

/** Every optional branch switched on as well. */
const ALL_OPTIONS: Record<string, string> = {
  ...REQUIRED,
  HostedZoneId: "Z0123456789ABCDEFGHIJ",
  ProductionTargetRoleArn: "arn:aws:iam::111111111111:role/StackportDeployer",
  StagingTargetRoleArn: "arn:aws:iam::222222222222:role/StackportDeployer",
  TargetRoleExternalId: "stackport-7f3a9c",
  TargetAccountRoleArnPattern: "arn:aws:iam::*:role/stackport-deployer",
  ProvisioningPolicyArn: "arn:aws:iam::aws:policy/PowerUserAccess",
};

const resources = template.Resources as Record<string, JsonObject>;
const props = (id: string) => resources[id].Properties as JsonObject;
const ofType = (type: string) => Object.entries(resources).filter(([, r]) => r.Type === type);
const ref = (v: Json | undefined) =>
  isJsonObject(v)
    ? typeof v.Ref === "string"
      ? v.Ref
      : Array.isArray(v["Fn::GetAtt"])
        ? String(v["Fn::GetAtt"][0])
        : undefined
    : undefined;
/** Index into !GetAZs of a subnet: which zone it is in. */
const zoneOf = (subnet: string) => JSON.stringify((props(subnet).AvailabilityZone as JsonObject)["Fn::Select"]);

// What ECS would be given, with this stack's values for the references.
const ATTRIBUTES: Record<string, string> = {
  "Database.Endpoint.Address": "portal-db.abc123.us-east-1.rds.amazonaws.com",
  "Database.Endpoint.Port": "5432",
};
/** Physical ids CloudFormation would make (a bucket's name is lowercase). */
const REFS: Record<string, string> = { CheckpointBucket: "stackport-checkpointbucket-1x2y3z4w5v6u" };
/** A fragment of the template as CloudFormation resolves it for these parameters (the sandbox's evaluator). */
function resolved(fragment: Json, parameters: Record<string, string>): unknown {
  const decls = template.Parameters as Record<string, JsonObject>;
  const pseudo: Record<string, string> = {
    "AWS::Region": "us-east-1",
    "AWS::Partition": "aws",
    "AWS::AccountId": "123456789012",
    "AWS::StackName": "stackport",
  };
  const base: Omit<EvalContext, "condition"> = {
    refValue: (name) => parameters[name] ?? (decls[name]?.Default as string | number | undefined) ?? pseudo[name],
    isResource: (name) => name in resources,
    ref: (id) => REFS[id] ?? `${id}-id`,
    getAtt: (id, attribute) => ATTRIBUTES[`${id}.${attribute}`] ?? `${id}-${attribute}`,
    mappings: {},
    region: "us-east-1",
    importValue: (name) => {
      throw new Error(`unexpected import ${name}`);
    },
  };
  const conditions = resolveConditions(template.Conditions as Record<string, Json>, base);
  return evaluate(fragment, { ...base, condition: (name) => conditions[name] });
}
/** The values ECS injects from Secrets Manager at start. */
const INJECTED = {
  NEXTAUTH_SECRET: "x".repeat(64),
  WEBHOOK_SECRET_KEY: "w".repeat(64),
  DATABASE_USERNAME: "stackport",
  DATABASE_PASSWORD: "p@ss:w/rd",
  OIDC_CLIENT_SECRET: "oidc-secret",
};
const containerEnvironment = (parameters: Record<string, string>): Record<string, string> =>
  Object.fromEntries(
    (
      resolved((props("TaskDefinition").ContainerDefinitions as JsonObject[])[0].Environment!, parameters) as {
        Name: string;
        Value: string;
      }[]
    ).map((e) => [e.Name, e.Value]),
  );

describe("templates/portal", () => {
  it("is not offered to account managers: the catalog skips it", () => {
    expect(listBlueprints().map((b) => b.id)).not.toContain("portal");
  });

  it("passes spec validation (types, properties, references, no cycles)", () => {
    expect(validateTemplate(template)).toEqual([]);
  });

  it.each([
    ["required parameters only", REQUIRED],
    ["every option set", ALL_OPTIONS],
  ])("passes every guardrail, judged as production (%s)", (_, parameters) => {
    // No Environment parameter and no Stackport metadata: the guardrails fail closed and apply
    // their production rules (Multi-AZ, deletion protection, HTTPS).
    expect(createPolicyContext(template, parameters).strict).toBe(true);
    expect(evaluateGuardrails(template, { parameters })).toEqual([]);
  });

  it("gives the guardrails something to check, and says which have nothing", () => {
    // Cache and EC2 instance rules are not client-specific; they have no resource here (no
    // Redis, containers on Fargate). Should one appear, its rules apply at once.
    const nothingToCheck: Record<string, string[]> = {
      "cache-encrypted-in-transit": ["AWS::ElastiCache::ReplicationGroup", "AWS::ElastiCache::CacheCluster"],
      "cache-encrypted-at-rest": ["AWS::ElastiCache::ReplicationGroup"],
      "ec2-imdsv2-required": ["AWS::EC2::LaunchTemplate", "AWS::EC2::Instance"],
      "ebs-encrypted": ["AWS::EC2::LaunchTemplate"],
    };
    for (const types of Object.values(nothingToCheck))
      for (const t of types) expect({ t, found: ofType(t).length }).toEqual({ t, found: 0 });
    expect(GUARDRAIL_RULES.length).toBe(16);

    // The other twelve bite on this template: break what each protects and it is reported.
    const broken = structuredClone(template) as { Resources: Record<string, JsonObject & { Properties: JsonObject }> };
    const db = broken.Resources.Database;
    Object.assign(db.Properties, {
      MultiAZ: false,
      StorageEncrypted: false,
      PubliclyAccessible: true,
      BackupRetentionPeriod: 1,
      DeletionProtection: false,
      MasterUserPassword: "hunter2hunter2",
    });
    db.DeletionPolicy = "Delete";
    (broken.Resources.PortalSecurityGroup.Properties.SecurityGroupIngress as Json[]) = [
      { IpProtocol: "tcp", FromPort: 3000, ToPort: 3000, CidrIp: "0.0.0.0/0" },
    ];
    delete broken.Resources.HttpsListener;
    broken.Resources.Service.DependsOn = "HttpListener";
    const bucket = broken.Resources.CheckpointBucket.Properties;
    delete bucket.BucketEncryption;
    (bucket.PublicAccessBlockConfiguration as JsonObject).BlockPublicPolicy = false;
    const policy = broken.Resources.CheckpointBucketPolicy.Properties.PolicyDocument as { Statement: JsonObject[] };
    policy.Statement = policy.Statement.filter((st) => st.Sid !== "DenyInsecureTransport");
    const fired = new Set(evaluateGuardrails(broken as unknown as JsonObject, { parameters: REQUIRED }).map((f) => f.ruleId));
    const applicable = GUARDRAIL_RULES.map((r) => r.id).filter((id) => !(id in nothingToCheck));
    expect(applicable).toHaveLength(12);
    expect([...fired].sort()).toEqual(applicable.sort());
  });

  it("spreads every tier over two Availability Zones", () => {
    const zones = (subnets: Json | undefined) => new Set((subnets as Json[]).map((s) => zoneOf(ref(s)!)));
    const subnetZones = new Set(ofType("AWS::EC2::Subnet").map(([id]) => zoneOf(id)));
    expect(subnetZones.size).toBeGreaterThanOrEqual(2);
    expect(zones(props("LoadBalancer").Subnets).size).toBe(2);
    expect(zones(((props("Service").NetworkConfiguration as JsonObject).AwsvpcConfiguration as JsonObject).Subnets).size).toBe(2);
    expect(zones(props("DatabaseSubnetGroup").SubnetIds).size).toBe(2);
    expect(ofType("AWS::EC2::NatGateway")).toHaveLength(2);
    expect(
      Number((template.Parameters as JsonObject).DesiredCount && ((template.Parameters as JsonObject).DesiredCount as JsonObject).MinValue),
    ).toBeGreaterThanOrEqual(2);
  });

  it("runs PostgreSQL Multi-AZ, encrypted, private, with the password managed by RDS in Secrets Manager", () => {
    const [[id, db], ...others] = ofType("AWS::RDS::DBInstance");
    expect(others).toEqual([]);
    expect(db.Properties).toMatchObject({
      Engine: "postgres",
      MultiAZ: true,
      ManageMasterUserPassword: true,
      StorageEncrypted: true,
      PubliclyAccessible: false,
      DeletionProtection: true,
    });
    expect(db.Properties).not.toHaveProperty("MasterUserPassword");
    expect({ DeletionPolicy: db.DeletionPolicy, UpdateReplacePolicy: db.UpdateReplacePolicy }).toEqual({
      DeletionPolicy: "Snapshot",
      UpdateReplacePolicy: "Snapshot",
    });
    expect(props("DatabaseParameterGroup").Parameters).toEqual({ "rds.force_ssl": "1" });
    expect(ref(props(id).DBParameterGroupName)).toBe("DatabaseParameterGroup");
  });

  it("keeps the session secret and the webhook-secret key in Secrets Manager and hands every secret to the container by reference", () => {
    for (const id of ["SessionSecret", "WebhookSecretKey"]) {
      expect(resources[id].Type).toBe("AWS::SecretsManager::Secret");
      expect((resources[id].Properties as JsonObject).GenerateSecretString).toMatchObject({ PasswordLength: 64 });
    }
    const [container] = props("TaskDefinition").ContainerDefinitions as JsonObject[];
    const secrets = Object.fromEntries((container.Secrets as JsonObject[]).map((s) => [s.Name, s.ValueFrom]));
    expect(secrets).toEqual({
      NEXTAUTH_SECRET: { Ref: "SessionSecret" },
      WEBHOOK_SECRET_KEY: { Ref: "WebhookSecretKey" },
      DATABASE_USERNAME: { "Fn::Sub": "${Database.MasterUserSecret.SecretArn}:username::" },
      DATABASE_PASSWORD: { "Fn::Sub": "${Database.MasterUserSecret.SecretArn}:password::" },
      OIDC_CLIENT_SECRET: { Ref: "OidcClientSecretArn" },
      // The change log's signing key: the operator's secret, never a plain variable or a parameter value.
      AUDIT_SIGNING_KEY_PEM: { Ref: "AuditSigningKeySecretArn" },
    });
    const plain = (container.Environment as JsonObject[]).map((e) => String(e.Name));
    for (const name of Object.keys(secrets)) expect(plain).not.toContain(name);
    expect(Object.values(template.Parameters as JsonObject).some((p) => isJsonObject(p) && p.NoEcho !== undefined)).toBe(false);
  });

  it("keeps the change log's checkpoints in a bucket nobody can rewrite, and tells the portal its name", () => {
    const [[id, bucket], ...others] = ofType("AWS::S3::Bucket");
    expect(others).toEqual([]);
    expect(id).toBe("CheckpointBucket");
    expect({ DeletionPolicy: bucket.DeletionPolicy, UpdateReplacePolicy: bucket.UpdateReplacePolicy }).toEqual({
      DeletionPolicy: "Retain",
      UpdateReplacePolicy: "Retain",
    });
    expect(bucket.Properties).toMatchObject({
      ObjectLockEnabled: true,
      ObjectLockConfiguration: {
        ObjectLockEnabled: "Enabled",
        Rule: { DefaultRetention: { Mode: "COMPLIANCE", Days: { Ref: "CheckpointRetentionDays" } } },
      },
      VersioningConfiguration: { Status: "Enabled" },
      PublicAccessBlockConfiguration: {
        BlockPublicAcls: true,
        BlockPublicPolicy: true,
        IgnorePublicAcls: true,
        RestrictPublicBuckets: true,
      },
      BucketEncryption: { ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: "AES256" } }] },
    });
    expect((template.Parameters as JsonObject).CheckpointRetentionDays).toMatchObject({ Type: "Number", Default: 2555, MinValue: 1 });

    const statements = (props("CheckpointBucketPolicy").PolicyDocument as JsonObject).Statement as JsonObject[];
    expect(ref(props("CheckpointBucketPolicy").Bucket)).toBe("CheckpointBucket");
    expect(Object.fromEntries(statements.map((st) => [st.Sid, [st.Effect, st.Action, st.Condition ?? null]]))).toEqual({
      DenyInsecureTransport: ["Deny", "s3:*", { Bool: { "aws:SecureTransport": "false" } }],
      DenyOverwrites: ["Deny", "s3:PutObject", { Null: { "s3:if-none-match": "true" } }],
      DenyDeletes: ["Deny", ["s3:DeleteObject", "s3:DeleteObjectVersion"], null],
    });

    // The portal writes and reads checkpoints; nothing of the template lets anyone delete one or lift a retention.
    const policies = props("TaskRole").Policies as JsonObject[];
    const checkpoints = policies.find((p) => p.PolicyName === "change-log-checkpoints")!;
    const granted = ((checkpoints.PolicyDocument as JsonObject).Statement as JsonObject[]).map((st) => [st.Action, st.Resource]);
    expect(granted).toEqual([
      [["s3:PutObject", "s3:PutObjectRetention", "s3:GetObject", "s3:GetObjectVersion"], { "Fn::Sub": "${CheckpointBucket.Arn}/*" }],
      [["s3:ListBucket", "s3:ListBucketVersions", "s3:GetBucketObjectLockConfiguration"], { "Fn::GetAtt": ["CheckpointBucket", "Arn"] }],
    ]);
    const allowed = JSON.stringify(
      [...ofType("AWS::IAM::Role"), ...ofType("AWS::IAM::Policy")].map(([, r]) => [r.Properties, (r.Properties as JsonObject).Policies]),
    );
    for (const forbidden of ["s3:Delete", "s3:*", "BypassGovernanceRetention", "PutBucketObjectLockConfiguration", "PutBucketPolicy"])
      expect({ forbidden, granted: allowed.includes(forbidden) }).toEqual({ forbidden, granted: false });

    const env = containerEnvironment(REQUIRED);
    // A Number parameter's Ref reaches ECS as text, as every environment value does.
    expect({ bucket: env.AUDIT_CHECKPOINT_BUCKET, days: String(env.AUDIT_CHECKPOINT_RETENTION_DAYS) }).toEqual({
      bucket: "stackport-checkpointbucket-1x2y3z4w5v6u",
      days: "2555",
    });
    const parsed = parseEnv({ ...env, ...INJECTED, DATABASE_URL: composeDatabaseUrl({ ...env, ...INJECTED }) });
    expect(parsed).toMatchObject({ AUDIT_CHECKPOINT_RETENTION_DAYS: 2555, AUDIT_CHECKPOINT_REGION: "us-east-1" });
    expect(String(containerEnvironment({ ...REQUIRED, CheckpointRetentionDays: "3650" }).AUDIT_CHECKPOINT_RETENTION_DAYS)).toBe("3650");
  });

  it("opens only the load balancer to the internet", () => {
    const open = (rule: Json) => isJsonObject(rule) && (rule.CidrIp === "0.0.0.0/0" || rule.CidrIpv6 === "::/0");
    const openGroups = [
      ...ofType("AWS::EC2::SecurityGroup")
        .filter(([, sg]) => ((sg.Properties as JsonObject).SecurityGroupIngress as Json[] | undefined)?.some(open))
        .map(([id]) => id),
      ...ofType("AWS::EC2::SecurityGroupIngress")
        .filter(([, r]) => open(r.Properties as JsonObject))
        .map(([, r]) => ref((r.Properties as JsonObject).GroupId)),
    ];
    expect(openGroups).toEqual(["AlbSecurityGroup"]);
    expect(props("LoadBalancer")).toMatchObject({
      Scheme: "internet-facing",
      SecurityGroups: [{ "Fn::GetAtt": ["AlbSecurityGroup", "GroupId"] }],
    });
    expect(((props("Service").NetworkConfiguration as JsonObject).AwsvpcConfiguration as JsonObject).AssignPublicIp).toBe("DISABLED");
    expect(props("HttpListener").DefaultActions).toEqual([
      { Type: "redirect", RedirectConfig: { Protocol: "HTTPS", Port: "443", StatusCode: "HTTP_301" } },
    ]);
    expect(props("TargetGroup")).toMatchObject({ HealthCheckPath: "/api/health", Port: 3000, TargetType: "ip" });
  });

  it("configures the container with what lib/env.ts requires, through the image's entrypoint", () => {
    const [container] = props("TaskDefinition").ContainerDefinitions as JsonObject[];
    const env = { ...containerEnvironment(REQUIRED), ...INJECTED };

    const parsed = parseEnv({ ...env, DATABASE_URL: composeDatabaseUrl(env) });
    expect(parsed).toMatchObject({
      NEXTAUTH_URL: "https://stackport.example.com",
      AWS_REGION: "us-east-1",
      WORKER: "embedded",
      NODE_ENV: "production",
    });
    expect(parsed.DATABASE_URL).toMatch(
      /^postgresql:\/\/stackport:p%40ss%3Aw%2Frd@portal-db\.abc123\.us-east-1\.rds\.amazonaws\.com:5432\/stackport\?schema=public/,
    );
    expect(parsed.CLOUDFORMATION_ENDPOINT ?? "").toBe(""); // real AWS
    expect(oidcConfigured(parsed)).toBe(true);

    // Every variable set is one the portal or the entrypoint reads: a typo would be silently ignored.
    const known = new Set(
      [...readFileSync(path.join(DIR, "../../lib/env.ts"), "utf8").matchAll(/^ {4}([A-Z][A-Z0-9_]+):/gm)].map((m) => m[1]),
    );
    for (const name of [
      "PORT",
      "MIGRATE_ON_START",
      "DATABASE_HOST",
      "DATABASE_PORT",
      "DATABASE_NAME",
      "DATABASE_USERNAME",
      "DATABASE_PASSWORD",
    ])
      known.add(name);
    expect(Object.keys({ ...env, ...containerEnvironment(ALL_OPTIONS) }).filter((k) => !known.has(k))).toEqual([]);
    expect(container.HealthCheck).toMatchObject({ Command: ["CMD", "node", "scripts/container-start.mjs", "--check"] });
  });

  // Guards a bug: the template never passed AWS_TARGET_ROLES or AWS_ROLE_EXTERNAL_ID, so a portal
  // deployed with it always created client stacks with its own role, in its own account.
  const PRODUCTION_ROLE = ALL_OPTIONS.ProductionTargetRoleArn;
  const STAGING_ROLE = ALL_OPTIONS.StagingTargetRoleArn;
  it.each([
    ["no role (one account)", {}, undefined, []],
    ["a production role", { ProductionTargetRoleArn: PRODUCTION_ROLE }, `production=${PRODUCTION_ROLE}`, [PRODUCTION_ROLE]],
    ["a staging role", { StagingTargetRoleArn: STAGING_ROLE }, `staging=${STAGING_ROLE}`, [STAGING_ROLE]],
    [
      "both roles",
      { ProductionTargetRoleArn: PRODUCTION_ROLE, StagingTargetRoleArn: STAGING_ROLE },
      `production=${PRODUCTION_ROLE},staging=${STAGING_ROLE}`,
      [PRODUCTION_ROLE, STAGING_ROLE],
    ],
  ] as [string, Record<string, string>, string | undefined, string[]][])(
    "with %s, sets AWS_TARGET_ROLES as lib/env.ts reads it and lets the task role assume exactly those roles",
    (_, roles, expected, assumable) => {
      for (const externalId of [undefined, "stackport-7f3a9c"]) {
        const parameters = { ...REQUIRED, ...roles, ...(externalId ? { TargetRoleExternalId: externalId } : {}) };
        const env = containerEnvironment(parameters);
        expect({ roles: env.AWS_TARGET_ROLES, externalId: env.AWS_ROLE_EXTERNAL_ID }).toEqual({ roles: expected, externalId });
        const parsed = parseEnv({ ...env, ...INJECTED, DATABASE_URL: composeDatabaseUrl({ ...env, ...INJECTED }) });
        expect(parsed.AWS_TARGET_ROLES.map((r) => r.roleArn)).toEqual(assumable);
        expect(parsed.AWS_ROLE_EXTERNAL_ID).toBe(externalId);

        const policies = resolved(props("TaskRole").Policies!, parameters) as {
          PolicyName: string;
          PolicyDocument: { Statement: { Action: string; Resource: string[] }[] };
        }[];
        const assume = policies.find((p) => p.PolicyName === "assume-target-roles");
        expect(assume?.PolicyDocument.Statement.map((st) => [st.Action, st.Resource])).toEqual(
          assumable.length ? [["sts:AssumeRole", assumable]] : undefined,
        );
      }
    },
  );

  it("lets the portal manage CloudFormation stacks without naming IAM resources (CAPABILITY_IAM only)", () => {
    const statements = ((props("TaskRole").Policies as JsonObject[])[0].PolicyDocument as JsonObject).Statement as JsonObject[];
    const actions = statements.flatMap((s) => s.Action as string[]);
    for (const a of [
      "CreateStack",
      "UpdateStack",
      "DeleteStack",
      "CreateChangeSet",
      "ExecuteChangeSet",
      "DescribeStackEvents",
      "DetectStackDrift",
    ])
      expect(actions).toContain(`cloudformation:${a}`);
    expect(actions.some((a) => a.endsWith("*"))).toBe(false);
    for (const [, role] of ofType("AWS::IAM::Role")) expect(role.Properties).not.toHaveProperty("RoleName");
  });

  const cfnLint = spawnSync("cfn-lint", ["--version"], { encoding: "utf8" }).status === 0;
  if (!cfnLint) console.warn("cfn-lint is not installed: skipping the lint of templates/portal (pip install cfn-lint)");

  it.skipIf(!cfnLint)(
    "lints with zero cfn-lint errors, and only warnings its README accepts",
    () => {
      const run = spawnSync("cfn-lint", ["--format", "json", "--regions", "us-east-1", "ap-southeast-2", "--", TEMPLATE_FILE], {
        encoding: "utf8",
        timeout: 120_000,
      });
      expect(run.error).toBeUndefined();
      const matches = JSON.parse(run.stdout || "[]") as { Level: string; Message: string; Rule: { Id: string } }[];
      const accepted = new Set((readme.split(/^## cfn-lint\s*$/m)[1] ?? "").match(/\b[WI]\d{4}\b/g) ?? []);
      expect(matches.filter((m) => m.Level === "Error").map((m) => `${m.Rule.Id}: ${m.Message}`)).toEqual([]);
      expect(matches.filter((m) => m.Level !== "Error" && !accepted.has(m.Rule.Id)).map((m) => `${m.Rule.Id}: ${m.Message}`)).toEqual([]);
    },
    120_000,
  );
});
