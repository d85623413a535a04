import { defineConfig } from "vitest/config";
import path from "node:path";

// Integration tests run against a real database (DATABASE_URL, migrated by scripts/test.mjs
// or by globalSetup) and, for sandbox/, a real sandbox process. INTEGRATION_SCOPE=db limits a
// run to the database suites (the PostgreSQL pass does not need to repeat the sandbox's).
const scope = process.env.INTEGRATION_SCOPE ?? "all";

export default defineConfig({
  resolve: {
    alias: { "@": path.resolve(import.meta.dirname), "server-only": path.resolve(import.meta.dirname, "test/support/server-only-stub.ts") },
  },
  test: {
    include:
      scope === "db"
        ? ["lib/**/*.integration.test.ts"]
        : ["lib/**/*.integration.test.ts", "sandbox/**/*.integration.test.ts", "templates/**/*.integration.test.ts"],
    globalSetup: ["test/support/integration-setup.ts"],
    environment: "node",
    fileParallelism: false,
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
