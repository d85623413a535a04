import { readFileSync } from "node:fs";
import { createPrivateKey, createPublicKey, createSecretKey, hkdfSync, type KeyObject } from "node:crypto";
import { z } from "zod";
import { badCidr, type PrivateTargets } from "./notify/address-policy";

// The one place that reads process.env. Parsed once; a bad value stops the server at
// start with a message naming the variable (instrumentation.ts calls getEnv()).

const bool = z
  .enum(["true", "false", "1", "0", ""])
  .optional()
  .transform((v) => v === "true" || v === "1");

const positiveInt = (fallback: number) => z.coerce.number().int().positive().default(fallback);

/** The client environments a deployment role can be configured for (Client.environment). */
export const TARGET_ENVIRONMENTS = ["production", "staging"] as const;
export type TargetEnvironment = (typeof TARGET_ENVIRONMENTS)[number];
/** The capabilities CloudFormation accepts; CLOUDFORMATION_CAPABILITIES picks which the portal acknowledges. */
export const ALLOWED_CAPABILITIES = ["CAPABILITY_IAM", "CAPABILITY_NAMED_IAM", "CAPABILITY_AUTO_EXPAND"] as const;
export type Capability = (typeof ALLOWED_CAPABILITIES)[number];

export interface TargetRole {
  environment: TargetEnvironment;
  roleArn: string;
  accountId: string;
}

const ROLE_ARN = /^arn:aws(-[a-z]+)*:iam::(\d{12}):role\/[\w+=,.@/-]{1,512}$/;

/** `production=arn:aws:iam::111111111111:role/StackportDeployer,staging=…`: one role per environment, one per account. */
const targetRoles = z
  .string()
  .default("")
  .transform((value, ctx) => {
    const roles: TargetRole[] = [];
    const fail = (message: string) => {
      ctx.addIssue({ code: "custom", message });
      return z.NEVER;
    };
    for (const entry of value
      .split(",")
      .map((e) => e.trim())
      .filter(Boolean)) {
      const eq = entry.indexOf("=");
      if (eq < 0) return fail(`must be a comma-separated list of environment=role ARN; "${entry}" has no "="`);
      const environment = entry.slice(0, eq).trim();
      const roleArn = entry.slice(eq + 1).trim();
      if (!(TARGET_ENVIRONMENTS as readonly string[]).includes(environment))
        return fail(`names "${environment}", which is not an environment (use ${TARGET_ENVIRONMENTS.join(" or ")})`);
      const arn = ROLE_ARN.exec(roleArn);
      if (!arn)
        return fail(`has "${roleArn}" for ${environment}, which is not an IAM role ARN (arn:aws:iam::<12-digit account id>:role/<name>)`);
      if (roles.some((r) => r.environment === environment)) return fail(`names ${environment} twice`);
      const sameAccount = roles.find((r) => r.accountId === arn[2] && r.roleArn !== roleArn);
      // Stacks are found again by the account in their ARN, so an account has one role.
      if (sameAccount)
        return fail(`names two roles in account ${arn[2]} (${sameAccount.environment} and ${environment}); use one role per account`);
      roles.push({ environment: environment as TargetEnvironment, roleArn, accountId: arn[2] });
    }
    return roles;
  });

const capabilities = z
  .string()
  .default("CAPABILITY_IAM,CAPABILITY_NAMED_IAM")
  .transform((value, ctx) => {
    const list = value
      .split(",")
      .map((c) => c.trim())
      .filter(Boolean);
    const unknown = list.find((c) => !(ALLOWED_CAPABILITIES as readonly string[]).includes(c));
    if (unknown || !list.length) {
      ctx.addIssue({
        code: "custom",
        message: `must list capabilities from ${ALLOWED_CAPABILITIES.join(", ")}${unknown ? `; "${unknown}" is not one` : ""}`,
      });
      return z.NEVER;
    }
    return [...new Set(list)] as Capability[];
  });

/** A PEM file holding an Ed25519 key (the change log's checkpoint key), read once at start. */
const ed25519KeyFile = (kind: "private" | "public") =>
  z
    .string()
    .optional()
    .transform((file, ctx): KeyObject | undefined => {
      if (!file) return undefined;
      let pem: string;
      try {
        pem = readFileSync(file, "utf8");
      } catch {
        ctx.addIssue({ code: "custom", message: `names ${file}, which cannot be read` });
        return z.NEVER;
      }
      try {
        const key = kind === "private" ? createPrivateKey(pem) : createPublicKey(pem);
        if (key.asymmetricKeyType === "ed25519") return key;
      } catch {
        // reported below
      }
      ctx.addIssue({
        code: "custom",
        message: `must name a PEM file with an Ed25519 ${kind} key (${kind === "private" ? "openssl genpkey -algorithm ed25519" : "openssl pkey -pubout"})`,
      });
      return z.NEVER;
    });

/** WEBHOOK_ALLOW_PRIVATE_TARGETS: false, true, or CIDR ranges (lib/notify/address-policy.ts). */
const privateTargets = z
  .string()
  .default("false")
  .transform((value, ctx): PrivateTargets => {
    const flag = value.trim().toLowerCase();
    if (flag === "false" || flag === "0") return false;
    if (flag === "true" || flag === "1") return true;
    const ranges = value
      .split(",")
      .map((r) => r.trim())
      .filter(Boolean);
    const bad = badCidr(ranges);
    if (bad !== null || !ranges.length) {
      ctx.addIssue({
        code: "custom",
        message: `must be true, false or a comma-separated list of CIDR ranges such as 10.20.0.0/16${bad !== null ? `; "${bad}" is not one` : ""}`,
      });
      return z.NEVER;
    }
    return ranges;
  });

// Webhook signing secrets are encrypted at rest under an AES-256 key derived (HKDF-SHA256) from
// WEBHOOK_SECRET_KEY, any string of at least 32 characters (`openssl rand -base64 32`, or a
// password Secrets Manager generates). Outside production, and in the demo, it is derived from
// NEXTAUTH_SECRET instead, so development, the tests and `npm run demo` need no extra setting;
// such a key changes with NEXTAUTH_SECRET, which is why production has to configure its own.
const webhookKey = (material: string, info: string): KeyObject =>
  createSecretKey(Buffer.from(hkdfSync("sha256", material, "stackport", info, 32)));

const schema = z
  .object({
    NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
    DATABASE_URL: z
      .string()
      .default("file:./.data/stackport.db")
      .refine((v) => v.startsWith("file:") || /^postgres(ql)?:\/\//.test(v), "must start with file: (SQLite) or postgres:// (PostgreSQL)"),
    NEXTAUTH_SECRET: z.string().min(32, "must be at least 32 characters (generate one with `openssl rand -base64 32`)"),
    NEXTAUTH_URL: z.string().url("must be the portal's public URL, e.g. https://stackport.example.com").default("http://localhost:3000"),
    SESSION_MAX_AGE_SECONDS: positiveInt(8 * 60 * 60),
    SIGNIN_MAX_FAILURES: positiveInt(5),
    // Per address it is higher: many people may sign in from one office's address.
    SIGNIN_MAX_FAILURES_PER_ADDRESS: positiveInt(50),
    SIGNIN_LOCK_MINUTES: positiveInt(15),
    // Password checks running at once per instance; more are answered 429 (sign-in is unauthenticated).
    SIGNIN_MAX_CONCURRENT_CHECKS: positiveInt(4),
    // Proxies in front of the portal that append to X-Forwarded-For (1 behind an ALB); 0 = use the socket address.
    TRUSTED_PROXY_HOPS: z.coerce.number().int().min(0).max(10).default(0),
    OIDC_ISSUER: z.string().url("must be the OpenID issuer URL").optional(),
    OIDC_CLIENT_ID: z.string().min(1).optional(),
    OIDC_CLIENT_SECRET: z.string().min(1).optional(),
    OIDC_GROUPS_CLAIM: z.string().min(1).default("groups"),
    OIDC_ROLE_MAP: z.string().default(""),
    OIDC_DISPLAY_NAME: z.string().min(1).default("Single sign-on"),
    CLOUDFORMATION_ENDPOINT: z
      .string()
      .url("must be a URL such as http://127.0.0.1:4599, or empty for real AWS")
      .optional()
      .or(z.literal("")),
    // Required for real AWS in production (superRefine below); us-east-1 for the sandbox and development.
    AWS_REGION: z
      .string()
      .regex(/^[a-z]{2}(-[a-z]+)+-\d$/, "must be an AWS region such as us-east-1")
      .optional(),
    STS_ENDPOINT: z.string().url("must be a URL such as http://127.0.0.1:4599 (the sandbox), or empty for AWS STS").optional(),
    // CloudWatch (alarm states for rollouts); empty means CLOUDFORMATION_ENDPOINT's (the sandbox answers both), or AWS.
    CLOUDWATCH_ENDPOINT: z.string().url("must be a URL such as http://127.0.0.1:4599 (the sandbox), or empty").optional(),
    AWS_TARGET_ROLES: targetRoles,
    AWS_ROLE_EXTERNAL_ID: z
      .string()
      .regex(/^[\w+=,.@:/-]{2,1224}$/, "must be 2 to 1224 letters, digits or +=,.@:/- characters")
      .optional(),
    AWS_ROLE_SESSION_NAME: z
      .string()
      .regex(/^[\w+=,.@-]{2,64}$/, "must be 2 to 64 letters, digits or +=,.@- characters")
      .default("stackport"),
    AWS_ROLE_DURATION_SECONDS: z.coerce
      .number()
      .int()
      .min(900, "must be at least 900 (AWS's minimum session)")
      .max(43_200, "must be at most 43200 (12 hours)")
      .default(3600),
    CLOUDFORMATION_CAPABILITIES: capabilities,
    CLOUDFORMATION_TIMEOUT_MS: positiveInt(15_000),
    CLOUDFORMATION_MAX_ATTEMPTS: positiveInt(8),
    // Live event streams (the client page's SSE) one person may have open at once, per instance.
    LIVE_STREAMS_PER_USER: positiveInt(5),
    WORKER: z.enum(["embedded", "off"]).default("embedded"),
    WORKER_INTERVAL_MS: positiveInt(1000),
    WORKER_LEASE_SECONDS: positiveInt(15),
    DRIFT_CHECK_MINUTES: z.coerce.number().int().nonnegative().default(0),
    // Updates of a stack with alarms carry them as rollback triggers, watched this long after the last resource (0 to 180).
    ROLLBACK_MONITORING_MINUTES: z.coerce
      .number()
      .int()
      .min(0, "must be 0 or more")
      .max(180, "must be at most 180 (CloudFormation's limit)")
      .default(5),
    // Change sets a rollout's preparation creates per worker pass (CloudFormation's API limits are per account).
    ROLLOUT_CHANGE_SETS_PER_PASS: positiveInt(10),
    // Webhook notifications (lib/notify): plain http is refused except to loopback unless allowed;
    // private, loopback and link-local receivers only when allowed (tests, demo, internal receivers).
    WEBHOOK_ALLOW_HTTP: bool,
    WEBHOOK_ALLOW_PRIVATE_TARGETS: privateTargets,
    // Encrypts endpoints' signing secrets at rest (lib/notify/secret-box.ts); required in production.
    WEBHOOK_SECRET_KEY: z
      .string()
      .min(32, "must be at least 32 random characters (generate one with `openssl rand -base64 32`)")
      .optional(),
    WEBHOOK_TIMEOUT_MS: positiveInt(5000),
    WEBHOOK_MAX_ATTEMPTS: positiveInt(8),
    WEBHOOK_BACKOFF_MS: positiveInt(30_000),
    STACKPORT_DEMO: bool,
    // The automation API (lib/api): requests per minute per token (per person for a session), per instance.
    API_RATE_LIMIT_PER_MINUTE: positiveInt(300),
    LOG_LEVEL: z.enum(["debug", "info", "warn", "error"]).default("info"),
    // Separation of duties (lib/auth/grants.ts): password sign-in and local accounts, and how long a new
    // ENGINEER or ADMIN grant waits before it may approve in an installation with one administrator.
    AUTH_LOCAL_ACCOUNTS: z
      .enum(["true", "false", "1", "0"])
      .default("true")
      .transform((v) => v === "true" || v === "1"),
    ROLE_GRANT_COOLING_OFF_HOURS: positiveInt(24),
    // The change log's signed checkpoints (lib/audit/checkpoint.ts): the key and the sink live outside the database.
    AUDIT_SIGNING_KEY_FILE: ed25519KeyFile("private"),
    AUDIT_PUBLIC_KEY_FILE: ed25519KeyFile("public"),
    AUDIT_CHECKPOINT_DIR: z.string().min(1).default(".data/checkpoints"),
    // Production's sink (lib/audit/checkpoint-s3-sink.ts): a bucket with Object Lock in COMPLIANCE
    // mode. Set, it replaces AUDIT_CHECKPOINT_DIR; required in production with a signing key.
    AUDIT_CHECKPOINT_BUCKET: z
      .string()
      .regex(
        /^(?!xn--)[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/,
        "must be an S3 bucket name: 3 to 63 lowercase letters, digits, dots and hyphens, starting and ending with a letter or digit",
      )
      .optional(),
    AUDIT_CHECKPOINT_PREFIX: z
      .string()
      .regex(
        /^(?!\/)[\w!.*'()/-]{0,512}$/,
        "must be an S3 key prefix such as stackport/checkpoints/ (letters, digits and !-_.*'()/, not starting with /)",
      )
      .default(""),
    // Seven years, the longest of the usual audit-record retention rules (SOX, many regulators' books-and-records rules).
    AUDIT_CHECKPOINT_RETENTION_DAYS: z.coerce
      .number()
      .int()
      .min(1, "must be at least 1 (days)")
      .max(36_500, "must be at most 36500 (100 years, S3's limit)")
      .default(2555),
    // The bucket's region when it is not AWS_REGION's.
    AUDIT_CHECKPOINT_REGION: z
      .string()
      .regex(/^[a-z]{2}(-[a-z]+)+-\d$/, "must be an AWS region such as eu-west-1")
      .optional(),
    // An S3-compatible server instead of AWS (moto in the tests, MinIO); empty for AWS.
    S3_ENDPOINT: z.string().url("must be a URL such as http://127.0.0.1:5000, or empty for AWS S3").optional(),
    AUDIT_CHECKPOINT_EVERY: positiveInt(1000),
    AUDIT_CHECKPOINT_MINUTES: positiveInt(60),
    AUDIT_LOG_NAME: z
      .string()
      .regex(/^[^\s+]{1,200}$/, "must be a name without spaces or '+', e.g. stackport.example.com/audit")
      .optional(),
  })
  .superRefine((env, ctx) => {
    const oidc = ["OIDC_ISSUER", "OIDC_CLIENT_ID", "OIDC_CLIENT_SECRET"] as const;
    const set = oidc.filter((k) => env[k]);
    if (set.length > 0 && set.length < oidc.length) {
      for (const k of oidc.filter((k) => !env[k])) {
        ctx.addIssue({ code: "custom", path: [k], message: `is required when ${set.join(" and ")} ${set.length > 1 ? "are" : "is"} set` });
      }
    }
    // A production server guessing a region would deploy clients' stacks to the wrong place.
    if (!env.CLOUDFORMATION_ENDPOINT && !env.AWS_REGION && env.NODE_ENV === "production") {
      ctx.addIssue({
        code: "custom",
        path: ["AWS_REGION"],
        message: "is required for real AWS (CLOUDFORMATION_ENDPOINT is empty), e.g. AWS_REGION=us-east-1",
      });
    }
    // Checkpoints in a directory on the portal's own disk are as easy to delete as the database is
    // to edit, for whoever controls the host: production keeps them in a locked bucket.
    if (env.AUDIT_SIGNING_KEY_FILE && !env.AUDIT_CHECKPOINT_BUCKET && env.NODE_ENV === "production" && !env.STACKPORT_DEMO) {
      ctx.addIssue({
        code: "custom",
        path: ["AUDIT_CHECKPOINT_BUCKET"],
        message:
          "is required in production when AUDIT_SIGNING_KEY_FILE is set: name an S3 bucket with Object Lock in COMPLIANCE mode for the signed checkpoints (templates/portal creates one); a directory (AUDIT_CHECKPOINT_DIR) can be deleted or rewritten by whoever controls the portal's host",
      });
    }
    // Without it, a database copy (a backup, a replica) would be enough to sign notifications.
    if (!env.WEBHOOK_SECRET_KEY && env.NODE_ENV === "production" && !env.STACKPORT_DEMO) {
      ctx.addIssue({
        code: "custom",
        path: ["WEBHOOK_SECRET_KEY"],
        message:
          "is required in production: it encrypts webhook signing secrets in the database (generate it once with `openssl rand -base64 32` and keep it in a secret store, never in the database)",
      });
    }
  })
  .transform((env) => ({
    ...env,
    WEBHOOK_SECRET_KEY: env.WEBHOOK_SECRET_KEY
      ? webhookKey(env.WEBHOOK_SECRET_KEY, "webhook signing secrets v1")
      : webhookKey(env.NEXTAUTH_SECRET, "webhook signing secrets v1, derived from NEXTAUTH_SECRET"),
    WEBHOOK_SECRET_KEY_DERIVED: !env.WEBHOOK_SECRET_KEY,
    AWS_REGION: env.AWS_REGION ?? "us-east-1",
    AUDIT_LOG_NAME: env.AUDIT_LOG_NAME ?? `${new URL(env.NEXTAUTH_URL).host}/stackport-audit`,
    AUDIT_CHECKPOINT_REGION: env.AUDIT_CHECKPOINT_REGION ?? env.AWS_REGION ?? "us-east-1",
  }));

export type Env = z.infer<typeof schema>;

export class EnvError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join("\n")}`);
    this.name = "EnvError";
  }
}

export function parseEnv(source: Record<string, string | undefined>): Env {
  // Empty strings mean "unset" so a blank line in an env file does not fail validation.
  const cleaned = Object.fromEntries(Object.entries(source).filter(([, v]) => v !== undefined && v !== ""));
  const result = schema.safeParse(cleaned);
  if (!result.success) {
    throw new EnvError(result.error.issues.map((i) => `${i.path.join(".") || "environment"} ${i.message}`));
  }
  return result.data;
}

let cached: Env | undefined;

export function getEnv(): Env {
  cached ??= parseEnv(process.env);
  return cached;
}

/** Forgets the parsed configuration, so the next getEnv() reads process.env again (tests that change it). */
export function resetEnv(): void {
  cached = undefined;
}

export function oidcConfigured(env: Env = getEnv()): boolean {
  return Boolean(env.OIDC_ISSUER && env.OIDC_CLIENT_ID && env.OIDC_CLIENT_SECRET);
}
