import { defineConfig, globalIgnores } from "eslint/config";
import nextVitals from "eslint-config-next/core-web-vitals";
import nextTs from "eslint-config-next/typescript";

export default defineConfig([
  ...nextVitals,
  ...nextTs,
  {
    // Routes and components reach the database only through lib/ (STYLE.md).
    files: ["app/**/*.{ts,tsx}", "components/**/*.{ts,tsx}"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            {
              group: ["@prisma/*", "**/db/generated/**", "@/lib/db", "@/lib/db/*", "**/lib/db", "**/lib/db/*"],
              message: "Use a lib/ query instead of the database in app/ or components/.",
            },
            { group: ["@aws-sdk/*"], message: "Only lib/cloud talks to AWS." },
          ],
        },
      ],
    },
  },
  {
    // lib/cloud is the one AWS caller (CloudFormation, STS, CloudWatch, the checkpoint bucket); tests may set AWS up directly.
    files: ["lib/**/*.{ts,tsx}"],
    ignores: ["lib/cloud/**", "**/*.test.ts"],
    rules: {
      "no-restricted-imports": ["error", { patterns: [{ group: ["@aws-sdk/*"], message: "Only lib/cloud talks to AWS." }] }],
    },
  },
  {
    files: ["components/ui/**/*.{ts,tsx}"],
    rules: {
      "no-restricted-imports": [
        "error",
        { patterns: [{ group: ["@/lib/db*", "@/lib/auth/*", "server-only"], message: "components/ui is presentational." }] },
      ],
    },
  },
  {
    // Configuration is read and validated once, in lib/env.ts (tests and scripts set it up).
    files: ["app/**/*.{ts,tsx}", "components/**/*.{ts,tsx}", "lib/**/*.{ts,tsx}", "proxy.ts"],
    ignores: ["lib/env.ts", "**/*.test.ts"],
    rules: {
      "no-restricted-properties": [
        "error",
        { object: "process", property: "env", message: "Read configuration through getEnv() (lib/env.ts)." },
      ],
    },
  },
  {
    rules: {
      "@typescript-eslint/no-unused-vars": [
        "error",
        { argsIgnorePattern: "^_", varsIgnorePattern: "^_", destructuredArrayIgnorePattern: "^_" },
      ],
    },
  },
  globalIgnores([
    ".next/**",
    "out/**",
    "build/**",
    "next-env.d.ts",
    "lib/db/generated/**",
    ".data/**",
    "test-results/**",
    "playwright-report/**",
  ]),
]);
