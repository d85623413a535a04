import { defineConfig } from "@playwright/test";
import { chromiumLaunchOptions } from "./e2e/support/chromium";

// End-to-end journeys against the production build (`next build` runs first in npm test),
// the CloudFormation sandbox, a real OpenID provider, and the database in E2E_DATABASE_URL.
// Portal A has single sign-on configured; portal B (same database) does not.
const databaseUrl = process.env.E2E_DATABASE_URL ?? "file:./.data/e2e.db";
const PORT_A = 3100;
const PORT_B = 3101;
const OIDC_PORT = 4601;
const SANDBOX_PORT = 4610;
const secret = process.env.NEXTAUTH_SECRET ?? "test-secret-test-secret-test-secret-0123456789";

const portalEnv = (port: number, extra: Record<string, string> = {}) => ({
  NEXT_TELEMETRY_DISABLED: "1",
  DATABASE_URL: databaseUrl,
  NEXTAUTH_SECRET: secret,
  // `next start` is production: it refuses to start without the key that encrypts webhook secrets.
  WEBHOOK_SECRET_KEY: process.env.WEBHOOK_SECRET_KEY ?? "test-webhook-key-test-webhook-key-0123456789",
  // The webhook journeys' receivers listen on this machine (e2e/webhooks.spec.ts).
  WEBHOOK_ALLOW_PRIVATE_TARGETS: "127.0.0.0/8,::1/128",
  NEXTAUTH_URL: `http://127.0.0.1:${port}`,
  CLOUDFORMATION_ENDPOINT: `http://127.0.0.1:${SANDBOX_PORT}`,
  AWS_ACCESS_KEY_ID: "sandbox",
  AWS_SECRET_ACCESS_KEY: "sandbox",
  // Production clients' stacks go through an assumed role (the sandbox answers STS too), as they
  // would in a separate AWS account; staging ones use the portal's own credentials.
  STS_ENDPOINT: `http://127.0.0.1:${SANDBOX_PORT}`,
  AWS_TARGET_ROLES: "production=arn:aws:iam::111111111111:role/StackportDeployer",
  WORKER_INTERVAL_MS: "500",
  SIGNIN_MAX_FAILURES_PER_ADDRESS: "1000",
  ...extra,
});

export default defineConfig({
  testDir: "e2e",
  // e2e/multi starts its own portal instances: playwright.multi.config.ts.
  testIgnore: "multi/**",
  outputDir: process.env.E2E_OUTPUT_DIR ?? "test-results",
  fullyParallel: false,
  workers: 1,
  forbidOnly: !!process.env.CI,
  retries: process.env.CI ? 1 : 0,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  use: {
    baseURL: `http://127.0.0.1:${PORT_A}`,
    trace: "on-first-retry",
    screenshot: "only-on-failure",
    launchOptions: chromiumLaunchOptions,
  },
  projects: [
    { name: "setup", testMatch: /.*\.setup\.ts/ },
    { name: "journeys", testMatch: /.*\.spec\.ts/, dependencies: ["setup"] },
  ],
  webServer: [
    {
      command: "node_modules/.bin/tsx sandbox/main.ts",
      url: `http://127.0.0.1:${SANDBOX_PORT}/_sandbox/health`,
      env: {
        SANDBOX_PORT: String(SANDBOX_PORT),
        SANDBOX_SPEED: "200",
        SANDBOX_STATE_FILE: `${process.env.E2E_OUTPUT_DIR ?? "test-results"}/sandbox-state.json`,
      },
      reuseExistingServer: false,
    },
    {
      command: "node e2e/support/oidc-server.mjs",
      url: `http://127.0.0.1:${OIDC_PORT}/.well-known/openid-configuration`,
      env: { OIDC_PORT: String(OIDC_PORT), OIDC_REDIRECT_URIS: `http://127.0.0.1:${PORT_A}/api/auth/callback/oidc` },
      reuseExistingServer: false,
    },
    {
      command: `node_modules/.bin/next start -p ${PORT_A}`,
      url: `http://127.0.0.1:${PORT_A}/api/health`,
      env: portalEnv(PORT_A, {
        OIDC_ISSUER: `http://127.0.0.1:${OIDC_PORT}`,
        OIDC_CLIENT_ID: "stackport-e2e",
        OIDC_CLIENT_SECRET: "stackport-e2e-secret",
        OIDC_DISPLAY_NAME: "Hosting SSO",
        OIDC_ROLE_MAP: process.env.OIDC_ROLE_MAP ?? "stackport-engineers=ENGINEER",
      }),
      reuseExistingServer: false,
      timeout: 60_000,
    },
    {
      command: `node_modules/.bin/next start -p ${PORT_B}`,
      url: `http://127.0.0.1:${PORT_B}/api/health`,
      env: portalEnv(PORT_B),
      reuseExistingServer: false,
      timeout: 60_000,
    },
  ],
});

export const PORTAL_B = `http://127.0.0.1:${PORT_B}`;
export const SANDBOX = `http://127.0.0.1:${SANDBOX_PORT}`;
