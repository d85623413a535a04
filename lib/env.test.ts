import { describe, expect, it } from "vitest";
import { EnvError, oidcConfigured, parseEnv } from "./env";

const base = { NEXTAUTH_SECRET: "x".repeat(32) };

describe("parseEnv", () => {
  it("applies the documented defaults", () => {
    const env = parseEnv(base);
    expect(env).toMatchObject({ DATABASE_URL: "file:./.data/stackport.db", NEXTAUTH_URL: "http://localhost:3000", SESSION_MAX_AGE_SECONDS: 28800, WORKER: "embedded", AWS_REGION: "us-east-1" });
    expect(oidcConfigured(env)).toBe(false);
  });

  it.each([
    [{}, /NEXTAUTH_SECRET/],
    [{ ...base, NEXTAUTH_SECRET: "short" }, /NEXTAUTH_SECRET must be at least 32 characters/],
    [{ ...base, DATABASE_URL: "mysql://db" }, /DATABASE_URL must start with file: \(SQLite\) or postgres:\/\//],
    [{ ...base, AWS_REGION: "Sydney" }, /AWS_REGION must be an AWS region/],
    [{ ...base, SESSION_MAX_AGE_SECONDS: "-5" }, /SESSION_MAX_AGE_SECONDS/],
    [{ ...base, OIDC_ISSUER: "https://idp.example.com" }, /OIDC_CLIENT_ID is required when OIDC_ISSUER is set/],
  ])("names the bad variable in %j", (source, message) => {
    expect(() => parseEnv(source)).toThrow(EnvError);
    expect(() => parseEnv(source)).toThrow(message);
  });

  it("treats empty values as unset and enables SSO only when all three are set", () => {
    const env = parseEnv({ ...base, OIDC_ISSUER: "https://idp.example.com", OIDC_CLIENT_ID: "id", OIDC_CLIENT_SECRET: "s", LOG_LEVEL: "" });
    expect(env.LOG_LEVEL).toBe("info");
    expect(oidcConfigured(env)).toBe(true);
  });
});
