import "server-only";
import { CloudFormationClient } from "@aws-sdk/client-cloudformation";
import { S3Client } from "@aws-sdk/client-s3";
import { AssumeRoleCommand, STSClient } from "@aws-sdk/client-sts";
import { getEnv, type Env, type TargetEnvironment, type TargetRole } from "../env";
import { cachedCredentials, type Credentials, type RoleSession } from "./credentials";

// The CloudFormation clients, one per target. The sandbox and AWS differ only in configuration:
// endpoints (the sandbox answers both CloudFormation and STS) or none (AWS), the standard
// credential chain for the portal's own identity, and optionally a role per client environment
// (AWS_TARGET_ROLES) that the portal assumes to reach that environment's account.

/** A client environment whose role to use; undefined (or an environment without a role) means the portal's own credentials. */
export type Target = TargetEnvironment | undefined;

const clients = new Map<string, CloudFormationClient>();
let stsClient: STSClient | undefined;

/** Retry and timeouts shared by every AWS client: the SDK's standard retry backs off with full jitter on throttling and 5xx. */
function transport(env: Env) {
  return {
    region: env.AWS_REGION,
    maxAttempts: env.CLOUDFORMATION_MAX_ATTEMPTS,
    retryMode: "standard",
    requestHandler: { requestTimeout: env.CLOUDFORMATION_TIMEOUT_MS, connectionTimeout: 3_000 },
  } as const;
}

/** A CloudFormation client with the given credentials, or the standard chain's. */
export function newCloudFormationClient(credentials?: () => Promise<Credentials>, env: Env = getEnv()): CloudFormationClient {
  return new CloudFormationClient({
    ...transport(env),
    ...(env.CLOUDFORMATION_ENDPOINT ? { endpoint: env.CLOUDFORMATION_ENDPOINT } : {}),
    ...(credentials ? { credentials } : {}),
  });
}

/** STS, signed with the portal's own (standard chain) credentials. */
export function sts(env: Env = getEnv()): STSClient {
  stsClient ??= newStsClient(undefined, env);
  return stsClient;
}

export function newStsClient(credentials?: Credentials, env: Env = getEnv()): STSClient {
  return new STSClient({
    ...transport(env),
    ...(env.STS_ENDPOINT ? { endpoint: env.STS_ENDPOINT } : {}),
    ...(credentials ? { credentials } : {}),
  });
}

/**
 * S3 for the change log's checkpoint bucket (lib/cloud/checkpoint-bucket.ts), with the portal's own
 * credentials. An endpoint (moto, MinIO) is addressed path-style: bucket names in host names
 * need DNS that a local server does not have.
 */
export function newS3Client(location: { region: string; endpoint?: string }, env: Env = getEnv()): S3Client {
  return new S3Client({
    ...transport(env),
    region: location.region,
    ...(location.endpoint ? { endpoint: location.endpoint, forcePathStyle: true } : {}),
  });
}

/** The configured role of a target, if it has one. */
export function targetRole(target: Target, env: Env = getEnv()): TargetRole | undefined {
  return target ? env.AWS_TARGET_ROLES.find((r) => r.environment === target) : undefined;
}

/**
 * The target that owns a stack or change set, from the account in its ARN: a stack lives in
 * the account whose role created it, so later calls (by the tracker, which only has the ARN)
 * use the same role. Names and ids that are not ARNs belong to the default target.
 */
export function targetForArn(arn: string | undefined, env: Env = getEnv()): Target {
  if (!arn?.startsWith("arn:")) return undefined;
  const account = arn.split(":")[4];
  return env.AWS_TARGET_ROLES.find((r) => r.accountId === account)?.environment;
}

/** AssumeRole with the configured session settings; fails with the SDK's error (AccessDenied, …). */
export async function assumeRole(role: TargetRole, client: STSClient = sts(), env: Env = getEnv()): Promise<RoleSession> {
  const out = await client.send(
    new AssumeRoleCommand({
      RoleArn: role.roleArn,
      RoleSessionName: env.AWS_ROLE_SESSION_NAME,
      DurationSeconds: env.AWS_ROLE_DURATION_SECONDS,
      ...(env.AWS_ROLE_EXTERNAL_ID ? { ExternalId: env.AWS_ROLE_EXTERNAL_ID } : {}),
    }),
  );
  const c = out.Credentials;
  if (!c?.AccessKeyId || !c.SecretAccessKey || !c.Expiration) throw new Error(`AssumeRole for ${role.roleArn} returned no credentials`);
  return {
    credentials: { accessKeyId: c.AccessKeyId, secretAccessKey: c.SecretAccessKey, sessionToken: c.SessionToken, expiration: c.Expiration },
    assumedRoleArn: out.AssumedRoleUser?.Arn ?? role.roleArn,
  };
}

/** The client for a target: cached per target; a role's credentials are assumed on first use and refreshed before they expire. */
export function cloudFormation(target?: Target): CloudFormationClient {
  const role = targetRole(target);
  const key = role?.environment ?? "default";
  let client = clients.get(key);
  if (!client) {
    client = newCloudFormationClient(role ? cachedCredentials(() => assumeRole(role)) : undefined);
    clients.set(key, client);
  }
  return client;
}

/** Calls made by this process, by action: the tracker benchmark reads it. */
export const callCounts = new Map<string, number>();

export function countCall(action: string): void {
  callCounts.set(action, (callCounts.get(action) ?? 0) + 1);
}
