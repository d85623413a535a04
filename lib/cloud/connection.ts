import "server-only";
import { DescribeStacksCommand } from "@aws-sdk/client-cloudformation";
import { GetCallerIdentityCommand } from "@aws-sdk/client-sts";
import { getEnv, type Env, type TargetRole } from "../env";
import { log } from "../log";
import { assumeRole, newCloudFormationClient, newStsClient } from "./client";
import type { Credentials, RoleSession } from "./credentials";
import { describeFailure, describeSource, maskKeyId } from "./diagnose";
import { reasonOf } from "./errors";

// The administrator's connection check: for the portal's own credentials and for each configured
// role, can we get credentials, and does CloudFormation answer a harmless read? It uses the same
// client construction as every other call (lib/cloud/client.ts), with fresh credentials so it
// shows the state now, and it changes nothing.

/** A stack name that cannot exist: DescribeStacks on it answers "does not exist" when reachable and authorised. */
export const PROBE_STACK = "stackport-connection-check-does-not-exist";

export interface CheckStep {
  name: string;
  ok: boolean;
  /** What worked (identity, expiry, source), or what was answered. Never a secret. */
  detail: string;
  code?: string;
  hint?: string;
  ms: number;
}

export interface TargetCheck {
  label: string;
  environment?: string;
  roleArn?: string;
  ok: boolean;
  steps: CheckStep[];
}

export interface ConnectionReport {
  ok: boolean;
  checkedAt: string;
  targets: TargetCheck[];
}

/** The configuration in effect, as shown to an administrator: endpoints and names, never secret values. */
export function connectionSettings(env: Env = getEnv()) {
  return {
    mode: env.CLOUDFORMATION_ENDPOINT ? "Sandbox or custom endpoint" : "AWS",
    region: env.AWS_REGION,
    cloudFormationEndpoint: env.CLOUDFORMATION_ENDPOINT || `AWS (cloudformation.${env.AWS_REGION}.amazonaws.com)`,
    stsEndpoint: env.STS_ENDPOINT || `AWS (sts.${env.AWS_REGION}.amazonaws.com)`,
    credentials: "The AWS SDK's standard chain (environment, profile, container or instance role); the check shows which one answered",
    capabilities: env.CLOUDFORMATION_CAPABILITIES,
    roles: env.AWS_TARGET_ROLES.map((r) => ({ environment: r.environment, roleArn: r.roleArn })),
    externalId: env.AWS_ROLE_EXTERNAL_ID ? "Set" : "Not set",
    sessionName: env.AWS_ROLE_SESSION_NAME,
    sessionSeconds: env.AWS_ROLE_DURATION_SECONDS,
    timeoutMs: env.CLOUDFORMATION_TIMEOUT_MS,
    maxAttempts: env.CLOUDFORMATION_MAX_ATTEMPTS,
  };
}

async function step(
  name: string,
  run: () => Promise<string>,
  context: { endpoint?: string; region: string; role?: boolean; service: "sts" | "cloudformation" },
): Promise<CheckStep> {
  const started = performance.now();
  try {
    const detail = await run();
    return { name, ok: true, detail, ms: Math.round(performance.now() - started) };
  } catch (error) {
    return { name, ok: false, ...describeFailure(error, context), ms: Math.round(performance.now() - started) };
  }
}

const fmt = (d: Date) =>
  d
    .toISOString()
    .replace("T", " ")
    .replace(/\.\d+Z$/, " UTC");

/** A diagnostic should answer within seconds: two attempts, a shorter timeout, otherwise the portal's own settings. */
function checkEnv(env: Env): Env {
  return {
    ...env,
    CLOUDFORMATION_MAX_ATTEMPTS: Math.min(env.CLOUDFORMATION_MAX_ATTEMPTS, 2),
    CLOUDFORMATION_TIMEOUT_MS: Math.min(env.CLOUDFORMATION_TIMEOUT_MS, 8_000),
  };
}

async function describeProbe(credentials: (() => Promise<Credentials>) | undefined, env: Env): Promise<string> {
  const client = newCloudFormationClient(credentials, env);
  try {
    await client.send(new DescribeStacksCommand({ StackName: PROBE_STACK }));
    return "CloudFormation answered (a stack with the probe's name exists, which is unexpected but harmless)";
  } catch (error) {
    if (error instanceof Error && reasonOf(error) === "not-found") {
      return `Reachable and authorised: DescribeStacks answered "${PROBE_STACK} does not exist", as expected`;
    }
    throw error;
  } finally {
    client.destroy();
  }
}

async function checkDefault(env: Env): Promise<TargetCheck> {
  const cfn = { endpoint: env.CLOUDFORMATION_ENDPOINT || undefined, region: env.AWS_REGION, service: "cloudformation" as const };
  const got: { credentials?: Credentials } = {};
  const steps = [
    await step(
      "Credentials",
      async () => {
        const client = newCloudFormationClient(undefined, env);
        try {
          got.credentials = await client.config.credentials();
        } finally {
          client.destroy();
        }
        const expiry = got.credentials.expiration ? `, expiring ${fmt(got.credentials.expiration)}` : "";
        return `From ${describeSource(got.credentials)}: access key ${maskKeyId(got.credentials.accessKeyId)}${expiry}`;
      },
      cfn,
    ),
  ];
  if (got.credentials) {
    const resolved = got.credentials;
    steps.push(
      await step(
        "Identity",
        async () => {
          const sts = newStsClient(resolved, env);
          try {
            const me = await sts.send(new GetCallerIdentityCommand({}));
            return `${me.Arn} (account ${me.Account})`;
          } finally {
            sts.destroy();
          }
        },
        { ...cfn, endpoint: env.STS_ENDPOINT || undefined, service: "sts" },
      ),
    );
    steps.push(await step("CloudFormation", () => describeProbe(async () => resolved, env), cfn));
  }
  // Without roles the portal never calls STS, so a failed identity lookup alone is not a failure.
  const needed = steps.filter((s) => s.name !== "Identity" || env.AWS_TARGET_ROLES.length > 0);
  return { label: "Portal's own credentials", ok: needed.every((s) => s.ok), steps };
}

async function checkRole(role: TargetRole, env: Env): Promise<TargetCheck> {
  const base = { region: env.AWS_REGION, role: true };
  const got: { session?: RoleSession } = {};
  const steps = [
    await step(
      "Assume role",
      async () => {
        const sts = newStsClient(undefined, env);
        try {
          got.session = await assumeRole(role, sts, env);
        } finally {
          sts.destroy();
        }
        return `Assumed ${got.session.assumedRoleArn}; the session expires ${fmt(got.session.credentials.expiration)}`;
      },
      { ...base, endpoint: env.STS_ENDPOINT || undefined, service: "sts" },
    ),
  ];
  if (got.session) {
    const credentials = got.session.credentials;
    steps.push(
      await step("CloudFormation", () => describeProbe(async () => credentials, env), {
        ...base,
        endpoint: env.CLOUDFORMATION_ENDPOINT || undefined,
        service: "cloudformation",
      }),
    );
  }
  return {
    label: `Role for ${role.environment}`,
    environment: role.environment,
    roleArn: role.roleArn,
    ok: steps.every((s) => s.ok),
    steps,
  };
}

/** Runs every check; never throws for a failed step (each failure is in the report). */
export async function checkConnection(env: Env = getEnv()): Promise<ConnectionReport> {
  const e = checkEnv(env);
  const targets = await Promise.all([checkDefault(e), ...env.AWS_TARGET_ROLES.map((r) => checkRole(r, e))]);
  const report = { ok: targets.every((t) => t.ok), checkedAt: new Date().toISOString(), targets };
  log(report.ok ? "info" : "warn", "connection_check", {
    ok: report.ok,
    targets: targets.map((t) => ({
      target: t.environment ?? "default",
      steps: t.steps.map((s) => `${s.name}:${s.ok ? "ok" : (s.code ?? "failed")}`),
    })),
  });
  return report;
}

/** At start: a JSON warning when the standard chain finds no credentials (the server still starts; the connection check shows the detail). */
export async function warnIfNoCredentials(env: Env = getEnv()): Promise<void> {
  const client = newCloudFormationClient(undefined, env);
  try {
    const credentials = await client.config.credentials();
    log("info", "aws_credentials", { source: describeSource(credentials), accessKey: maskKeyId(credentials.accessKeyId) });
  } catch (error) {
    log("warn", "aws_credentials_missing", {
      ...describeFailure(error, { region: env.AWS_REGION, service: "cloudformation" }),
      see: "/admin/connection",
    });
  } finally {
    client.destroy();
  }
}
