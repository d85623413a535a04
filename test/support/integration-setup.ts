import { execFileSync } from "node:child_process";
import path from "node:path";
import { TEST_ROLE_MAP } from "./constants";

// Applies the committed migrations to the test database before any integration test runs.
// scripts/test.mjs gives every run its own SQLite file or PostgreSQL schema; run by hand,
// the default is a throwaway SQLite file, never the demo database.
export default function setup() {
  process.env.DATABASE_URL ??= `file:./.data/integration-${process.pid}.db`;
  process.env.NEXTAUTH_SECRET ??= "integration-test-secret-integration-test-secret";
  process.env.OIDC_ROLE_MAP ??= TEST_ROLE_MAP;
  const root = path.resolve(import.meta.dirname, "..", "..");
  execFileSync(process.execPath, [path.join(root, "scripts", "prisma.mjs"), "migrate"], { cwd: root, stdio: "pipe", env: process.env });
}
