import { describe, expect, it } from "vitest";
import { EnvError, parseEnv } from "./env";

// Configuration errors are printed at start (lib/startup.ts) and land in the container's logs:
// they name the variable and the rule, never the value, which may be a password or a secret.
const MARK = "Sup3rS3cretValue";
const base = { NEXTAUTH_SECRET: "x".repeat(32) };

function message(source: Record<string, string>): string {
  try {
    parseEnv(source);
  } catch (error) {
    if (error instanceof EnvError) return error.message;
    throw error;
  }
  throw new Error("expected an EnvError");
}

describe("configuration errors never print values", () => {
  it.each([
    ["DATABASE_URL", { ...base, DATABASE_URL: `mysql://admin:${MARK}@db:3306/stackport` }],
    ["NEXTAUTH_SECRET", { NEXTAUTH_SECRET: MARK }],
    ["NEXTAUTH_URL", { ...base, NEXTAUTH_URL: `not a url ${MARK}` }],
    ["OIDC_ISSUER", { ...base, OIDC_ISSUER: `:${MARK}`, OIDC_CLIENT_ID: "id", OIDC_CLIENT_SECRET: MARK }],
    ["OIDC_CLIENT_ID", { ...base, OIDC_CLIENT_SECRET: MARK }],
    ["WORKER", { ...base, WORKER: MARK }],
    ["WEBHOOK_SECRET_KEY", { ...base, WEBHOOK_SECRET_KEY: MARK }],
    ["LOG_LEVEL", { ...base, LOG_LEVEL: MARK }],
    ["SESSION_MAX_AGE_SECONDS", { ...base, SESSION_MAX_AGE_SECONDS: MARK }],
    ["CLOUDFORMATION_ENDPOINT", { ...base, CLOUDFORMATION_ENDPOINT: `ftp//${MARK}` }],
  ])("%s", (variable, source) => {
    const text = message(source);
    expect(text).toContain(variable);
    expect(text).not.toContain(MARK);
  });
});
