import { spawnSync } from "node:child_process";
import path from "node:path";
import { describe, expect, it } from "vitest";

const root = path.resolve(import.meta.dirname, "..");

describe("db:seed", () => {
  // I6: it created admin@stackport.test with a public password in any environment.
  it("refuses to run with NODE_ENV=production, before touching the database", () => {
    const run = spawnSync(path.join(root, "node_modules/.bin/tsx"), ["--conditions=react-server", "scripts/seed.ts"], {
      cwd: root,
      env: { ...process.env, NODE_ENV: "production", STACKPORT_DEMO: "", DATABASE_URL: "file:./.data/never-created-by-seed-test.db" },
      encoding: "utf8",
    });
    expect(run.status).toBe(1);
    expect(run.stderr).toContain("Refusing to seed the demo accounts: NODE_ENV is production");
  }, 30_000);
});
