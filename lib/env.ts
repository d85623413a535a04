import { z } from "zod";

// The one place that reads process.env. Parsed once; a bad value stops the server at
// start with a message naming the variable (instrumentation.ts calls getEnv()).

const bool = z
  .enum(["true", "false", "1", "0", ""])
  .optional()
  .transform((v) => v === "true" || v === "1");

const positiveInt = (fallback: number) => z.coerce.number().int().positive().default(fallback);

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
    OIDC_ISSUER: z.string().url("must be the OpenID issuer URL").optional(),
    OIDC_CLIENT_ID: z.string().min(1).optional(),
    OIDC_CLIENT_SECRET: z.string().min(1).optional(),
    OIDC_GROUPS_CLAIM: z.string().min(1).default("groups"),
    OIDC_ROLE_MAP: z.string().default(""),
    OIDC_DISPLAY_NAME: z.string().min(1).default("Single sign-on"),
    CLOUDFORMATION_ENDPOINT: z.string().url("must be a URL such as http://127.0.0.1:4599, or empty for real AWS").optional().or(z.literal("")),
    AWS_REGION: z.string().regex(/^[a-z]{2}(-[a-z]+)+-\d$/, "must be an AWS region such as us-east-1").default("us-east-1"),
    CLOUDFORMATION_TIMEOUT_MS: positiveInt(15_000),
    CLOUDFORMATION_MAX_ATTEMPTS: positiveInt(8),
    WORKER: z.enum(["embedded", "off"]).default("embedded"),
    WORKER_INTERVAL_MS: positiveInt(1000),
    WORKER_LEASE_SECONDS: positiveInt(15),
    DRIFT_CHECK_MINUTES: z.coerce.number().int().nonnegative().default(0),
    STACKPORT_DEMO: bool,
    LOG_LEVEL: z.enum(["debug", "info", "warn", "error"]).default("info"),
  })
  .superRefine((env, ctx) => {
    const oidc = ["OIDC_ISSUER", "OIDC_CLIENT_ID", "OIDC_CLIENT_SECRET"] as const;
    const set = oidc.filter((k) => env[k]);
    if (set.length > 0 && set.length < oidc.length) {
      for (const k of oidc.filter((k) => !env[k])) {
        ctx.addIssue({ code: "custom", path: [k], message: `is required when ${set.join(" and ")} ${set.length > 1 ? "are" : "is"} set` });
      }
    }
  });

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

export function oidcConfigured(env: Env = getEnv()): boolean {
  return Boolean(env.OIDC_ISSUER && env.OIDC_CLIENT_ID && env.OIDC_CLIENT_SECRET);
}
