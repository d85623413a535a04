import { defineConfig } from "vitest/config";
import path from "node:path";

// Unit tests: pure logic beside the code it tests. Integration tests (*.integration.test.ts)
// have their own config because they need a database and the sandbox running.
export default defineConfig({
  resolve: {
    alias: { "@": path.resolve(import.meta.dirname), "server-only": path.resolve(import.meta.dirname, "test/support/server-only-stub.ts") },
  },
  test: {
    include: ["lib/**/*.test.ts", "sandbox/**/*.test.ts", "scripts/**/*.test.ts", "components/**/*.test.ts", "templates/**/*.test.ts"],
    exclude: ["**/*.integration.test.ts", "node_modules/**"],
    environment: "node",
  },
});
