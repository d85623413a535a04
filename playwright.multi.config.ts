import { defineConfig } from "@playwright/test";
import { PUBLIC_URL, SANDBOX_PORT } from "./e2e/multi/support/cluster";
import { chromiumLaunchOptions } from "./e2e/support/chromium";

// Several portal instances on one PostgreSQL database (issue 7): two `next start` processes
// (3102, 3103) behind a loopback load balancer (3104), one sandbox (4611). The portals are
// started by a fixture (e2e/multi/support/fixtures.ts), not webServer, so a test can SIGKILL
// one. Needs the production build (`next build`). `npm test` passes a fresh schema in
// E2E_DATABASE_URL; a standalone run makes its own and drops it afterwards.
if (!process.env.E2E_DATABASE_URL) {
  process.env.E2E_DATABASE_URL = `postgresql://postgres@127.0.0.1:5432/test?schema=e2e_multi_${Date.now().toString(36)}`;
  process.env.E2E_MULTI_OWNS_SCHEMA = "1";
}
const outputDir = process.env.E2E_OUTPUT_DIR ?? "test-results/multi";

export default defineConfig({
  testDir: "e2e/multi",
  outputDir,
  globalSetup: "./e2e/multi/support/global-setup.ts",
  fullyParallel: false,
  workers: 1,
  forbidOnly: !!process.env.CI,
  retries: process.env.CI ? 1 : 0,
  timeout: 90_000,
  expect: { timeout: 10_000 },
  use: {
    baseURL: PUBLIC_URL,
    trace: "on-first-retry",
    screenshot: "only-on-failure",
    launchOptions: chromiumLaunchOptions,
  },
  webServer: [
    {
      command: "node_modules/.bin/tsx sandbox/main.ts",
      url: `http://127.0.0.1:${SANDBOX_PORT}/_sandbox/health`,
      // Slow enough that a launch is still running when one instance is killed and its lease expires.
      env: { SANDBOX_PORT: String(SANDBOX_PORT), SANDBOX_SPEED: "60", SANDBOX_STATE_FILE: `${outputDir}/sandbox-state.json` },
      reuseExistingServer: false,
    },
  ],
});
