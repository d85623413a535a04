import { describe, expect, it } from "vitest";
import { EnvError, oidcConfigured, parseEnv } from "./env";

const base = { NEXTAUTH_SECRET: "x".repeat(32) };
const ROLE_A = "arn:aws:iam::111111111111:role/StackportDeployer";
const ROLE_B = "arn:aws:iam::222222222222:role/deploy/StackportDeployer";

describe("parseEnv", () => {
  it("applies the documented defaults", () => {
    const env = parseEnv(base);
    expect(env).toMatchObject({
      DATABASE_URL: "file:./.data/stackport.db",
      NEXTAUTH_URL: "http://localhost:3000",
      SESSION_MAX_AGE_SECONDS: 28800,
      WORKER: "embedded",
      AWS_REGION: "us-east-1",
    });
    expect(oidcConfigured(env)).toBe(false);
  });

  it.each([
    [{}, /NEXTAUTH_SECRET/],
    [{ ...base, NEXTAUTH_SECRET: "short" }, /NEXTAUTH_SECRET must be at least 32 characters/],
    [{ ...base, DATABASE_URL: "mysql://db" }, /DATABASE_URL must start with file: \(SQLite\) or postgres:\/\//],
    [{ ...base, AWS_REGION: "Sydney" }, /AWS_REGION must be an AWS region/],
    [{ ...base, SESSION_MAX_AGE_SECONDS: "-5" }, /SESSION_MAX_AGE_SECONDS/],
    [{ ...base, OIDC_ISSUER: "https://idp.example.com" }, /OIDC_CLIENT_ID is required when OIDC_ISSUER is set/],
    [{ ...base, NODE_ENV: "production" }, /AWS_REGION is required for real AWS \(CLOUDFORMATION_ENDPOINT is empty\)/],
    [{ ...base, STS_ENDPOINT: "sandbox" }, /STS_ENDPOINT must be a URL/],
    [
      { ...base, AWS_TARGET_ROLES: "production" },
      /AWS_TARGET_ROLES must be a comma-separated list of environment=role ARN; "production" has no "="/,
    ],
    [
      { ...base, AWS_TARGET_ROLES: `prod=${ROLE_A}` },
      /AWS_TARGET_ROLES names "prod", which is not an environment \(use production or staging\)/,
    ],
    [
      { ...base, AWS_TARGET_ROLES: "production=arn:aws:iam::1234:role/Deployer" },
      /AWS_TARGET_ROLES has "arn:aws:iam::1234:role\/Deployer" for production, which is not an IAM role ARN/,
    ],
    [{ ...base, AWS_TARGET_ROLES: "production=arn:aws:iam::111111111111:user/deployer" }, /AWS_TARGET_ROLES .* not an IAM role ARN/],
    [{ ...base, AWS_TARGET_ROLES: `production=${ROLE_A},production=${ROLE_B}` }, /AWS_TARGET_ROLES names production twice/],
    [
      { ...base, AWS_TARGET_ROLES: `production=${ROLE_A},staging=arn:aws:iam::111111111111:role/Other` },
      /AWS_TARGET_ROLES names two roles in account 111111111111 \(production and staging\); use one role per account/,
    ],
    [{ ...base, AWS_ROLE_EXTERNAL_ID: "x" }, /AWS_ROLE_EXTERNAL_ID must be 2 to 1224/],
    [{ ...base, AWS_ROLE_EXTERNAL_ID: "has spaces in it" }, /AWS_ROLE_EXTERNAL_ID must be 2 to 1224/],
    [{ ...base, AWS_ROLE_SESSION_NAME: "stack port" }, /AWS_ROLE_SESSION_NAME must be 2 to 64/],
    [{ ...base, AWS_ROLE_DURATION_SECONDS: "600" }, /AWS_ROLE_DURATION_SECONDS must be at least 900/],
    [{ ...base, AWS_ROLE_DURATION_SECONDS: "86400" }, /AWS_ROLE_DURATION_SECONDS must be at most 43200/],
    [
      { ...base, CLOUDFORMATION_CAPABILITIES: "CAPABILITY_IAM,CAPABILITY_ADMIN" },
      /CLOUDFORMATION_CAPABILITIES must list capabilities from CAPABILITY_IAM, CAPABILITY_NAMED_IAM, CAPABILITY_AUTO_EXPAND; "CAPABILITY_ADMIN" is not one/,
    ],
    [{ ...base, CLOUDFORMATION_CAPABILITIES: " , " }, /CLOUDFORMATION_CAPABILITIES must list capabilities from/],
  ])("names the bad variable in %j", (source, message) => {
    expect(() => parseEnv(source)).toThrow(EnvError);
    expect(() => parseEnv(source)).toThrow(message);
  });

  it("treats empty values as unset and enables SSO only when all three are set", () => {
    const env = parseEnv({ ...base, OIDC_ISSUER: "https://idp.example.com", OIDC_CLIENT_ID: "id", OIDC_CLIENT_SECRET: "s", LOG_LEVEL: "" });
    expect(env.LOG_LEVEL).toBe("info");
    expect(oidcConfigured(env)).toBe(true);
  });

  it("reads the AWS settings: roles per environment with their account, session settings and capabilities", () => {
    const env = parseEnv({
      ...base,
      AWS_TARGET_ROLES: ` production=${ROLE_A} , staging=${ROLE_B}`,
      AWS_ROLE_EXTERNAL_ID: "stackport-7f3a",
      STS_ENDPOINT: "http://127.0.0.1:4599",
      CLOUDFORMATION_CAPABILITIES: "CAPABILITY_IAM",
    });
    expect(env.AWS_TARGET_ROLES).toEqual([
      { environment: "production", roleArn: ROLE_A, accountId: "111111111111" },
      { environment: "staging", roleArn: ROLE_B, accountId: "222222222222" },
    ]);
    expect(env).toMatchObject({
      AWS_ROLE_EXTERNAL_ID: "stackport-7f3a",
      STS_ENDPOINT: "http://127.0.0.1:4599",
      CLOUDFORMATION_CAPABILITIES: ["CAPABILITY_IAM"],
    });
  });

  it("defaults to no roles, a session named stackport for an hour, and the IAM capabilities the blueprints need", () => {
    expect(parseEnv(base)).toMatchObject({
      AWS_TARGET_ROLES: [],
      AWS_ROLE_SESSION_NAME: "stackport",
      AWS_ROLE_DURATION_SECONDS: 3600,
      CLOUDFORMATION_CAPABILITIES: ["CAPABILITY_IAM", "CAPABILITY_NAMED_IAM"],
    });
  });

  it("lets two environments share an account when they share its role (a GovCloud or China partition ARN is a role ARN too)", () => {
    const gov = "arn:aws-us-gov:iam::111111111111:role/StackportDeployer";
    expect(parseEnv({ ...base, AWS_TARGET_ROLES: `production=${gov},staging=${gov}` }).AWS_TARGET_ROLES).toHaveLength(2);
  });

  it("requires AWS_REGION only for real AWS in production: the sandbox and development default to us-east-1", () => {
    const production = { ...base, NODE_ENV: "production", WEBHOOK_SECRET_KEY: "k".repeat(32) };
    expect(parseEnv({ ...production, CLOUDFORMATION_ENDPOINT: "http://127.0.0.1:4599" }).AWS_REGION).toBe("us-east-1");
    expect(parseEnv({ ...production, AWS_REGION: "eu-central-1" }).AWS_REGION).toBe("eu-central-1");
  });
});

describe("webhook settings", () => {
  const KEY = "q3Yk1mVb0d7o1wQm0xR3o4T3k9yqQz6bJ3uYqk1mVb0=";
  const bytes = (env: { WEBHOOK_SECRET_KEY: { export(): Buffer } }) => env.WEBHOOK_SECRET_KEY.export();

  it("allows public receivers only by default; true, or CIDR ranges, open private ones", () => {
    expect(parseEnv(base).WEBHOOK_ALLOW_PRIVATE_TARGETS).toBe(false);
    expect(parseEnv({ ...base, WEBHOOK_ALLOW_PRIVATE_TARGETS: "true" }).WEBHOOK_ALLOW_PRIVATE_TARGETS).toBe(true);
    expect(parseEnv({ ...base, WEBHOOK_ALLOW_PRIVATE_TARGETS: "10.20.0.0/16, fd12::/16" }).WEBHOOK_ALLOW_PRIVATE_TARGETS).toEqual([
      "10.20.0.0/16",
      "fd12::/16",
    ]);
    expect(() => parseEnv({ ...base, WEBHOOK_ALLOW_PRIVATE_TARGETS: "10.20.0.0/16,intranet" })).toThrow(
      /WEBHOOK_ALLOW_PRIVATE_TARGETS must be true, false or a comma-separated list of CIDR ranges such as 10.20.0.0\/16; "intranet" is not one/,
    );
  });

  it("production refuses to start without WEBHOOK_SECRET_KEY; the demo and development derive one", () => {
    const production = { ...base, NODE_ENV: "production", AWS_REGION: "us-east-1" };
    expect(() => parseEnv(production)).toThrow(/WEBHOOK_SECRET_KEY is required in production/);
    const configured = parseEnv({ ...production, WEBHOOK_SECRET_KEY: KEY });
    expect(configured.WEBHOOK_SECRET_KEY_DERIVED).toBe(false);
    expect(configured.WEBHOOK_SECRET_KEY.symmetricKeySize).toBe(32); // AES-256
    expect(parseEnv({ ...production, STACKPORT_DEMO: "true" }).WEBHOOK_SECRET_KEY_DERIVED).toBe(true);
    const dev = parseEnv(base);
    expect(dev.WEBHOOK_SECRET_KEY_DERIVED).toBe(true);
    // Derived from NEXTAUTH_SECRET: the same on every instance sharing it, different otherwise,
    // and never the key a configured WEBHOOK_SECRET_KEY of the same text would give.
    expect(bytes(dev).equals(bytes(parseEnv(base)))).toBe(true);
    expect(bytes(dev).equals(bytes(parseEnv({ NEXTAUTH_SECRET: "y".repeat(32) })))).toBe(false);
    expect(bytes(dev).equals(bytes(parseEnv({ ...base, WEBHOOK_SECRET_KEY: base.NEXTAUTH_SECRET })))).toBe(false);
  });

  it("refuses a WEBHOOK_SECRET_KEY shorter than 32 characters", () => {
    expect(() => parseEnv({ ...base, WEBHOOK_SECRET_KEY: "short" })).toThrow(
      /WEBHOOK_SECRET_KEY must be at least 32 random characters \(generate one with `openssl rand -base64 32`\)/,
    );
  });
});
