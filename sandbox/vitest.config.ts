import { defineConfig } from "vitest/config";

// The sandbox's tests: pure unit tests (*.test.ts) and integration tests (*.integration.test.ts)
// that drive the real sandbox process through the AWS SDK. Each integration file starts its own
// sandbox; files run one at a time so two cores suffice.
export default defineConfig({
  test: {
    include: ["sandbox/**/*.test.ts"],
    environment: "node",
    fileParallelism: false,
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
