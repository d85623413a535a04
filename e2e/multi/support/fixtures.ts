import { spawnSync } from "node:child_process";
import path from "node:path";
import { test as base, expect, type Browser, type Page } from "@playwright/test";
import pg from "pg";
import { databaseTarget } from "../../../lib/db/target.mjs";
import { userFor, type RoleKey } from "../../support/users";
import { LoadBalancer, PortalInstance, portalEnv, type InstanceName } from "./cluster";

const ROOT = path.resolve(import.meta.dirname, "..", "..", "..");

export function databaseUrl(): string {
  const url = process.env.E2E_DATABASE_URL;
  if (!url || databaseTarget(url).provider !== "postgresql")
    throw new Error("The multi-instance journeys need E2E_DATABASE_URL on PostgreSQL (playwright.multi.config.ts sets one).");
  return url;
}

/** Read-only SQL against the journeys' schema, for checks the screen cannot show. */
export function openDb(): pg.Pool {
  const target = databaseTarget(databaseUrl());
  if (target.provider !== "postgresql") throw new Error("PostgreSQL only");
  return new pg.Pool({ connectionString: target.connectionString, options: `-c search_path="${target.schema}"`, max: 4 });
}

export interface Cluster {
  instances: Record<InstanceName, PortalInstance>;
  balancer: LoadBalancer;
  db: pg.Pool;
  /** The instance one of whose processes has this pid. */
  instanceOfPid(pid: number): PortalInstance | undefined;
}

/** `npm run audit:verify` against the journeys' database: exit code and what it printed. */
export function verifyAuditChain(): { status: number | null; output: string } {
  const r = spawnSync(path.join(ROOT, "node_modules/.bin/tsx"), ["--conditions=react-server", "scripts/audit-verify.ts"], {
    cwd: ROOT,
    env: { ...process.env, DATABASE_URL: databaseUrl() },
    encoding: "utf8",
  });
  return { status: r.status, output: `${r.stdout}${r.stderr}` };
}

/** A fresh browser context signed in as `role` through the sign-in form (via the load balancer). */
export async function signedIn(browser: Browser, role: RoleKey): Promise<Page> {
  const page = await (await browser.newContext()).newPage();
  const u = userFor(role);
  await page.goto("/signin");
  await page.getByLabel("Email").fill(u.email);
  await page.getByLabel("Password").fill(u.password);
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
  await expect(page.getByRole("heading", { name: /Welcome/ })).toBeVisible({ timeout: 20_000 });
  return page;
}

export const test = base.extend<{ cluster: Cluster }, { workerCluster: Cluster }>({
  workerCluster: [
    async ({}, provide) => {
      const env = portalEnv(databaseUrl());
      const instances = { C: new PortalInstance("C", env), D: new PortalInstance("D", env) };
      const balancer = new LoadBalancer();
      const db = openDb();
      try {
        await Promise.all([instances.C.start(), instances.D.start(), balancer.listen()]);
        await provide({
          instances,
          balancer,
          db,
          instanceOfPid: (pid) => Object.values(instances).find((i) => i.pids().includes(pid)),
        });
      } finally {
        await Promise.all([instances.C.stop(), instances.D.stop(), balancer.close()]);
        await db.end();
      }
    },
    { scope: "worker", timeout: 120_000 },
  ],
  cluster: async ({ workerCluster }, provide) => {
    workerCluster.balancer.pinned = null;
    // A test that killed an instance and failed before restarting it leaves it for the next one.
    await Promise.all(Object.values(workerCluster.instances).map((i) => (i.running ? null : i.start())));
    await provide(workerCluster);
    workerCluster.balancer.pinned = null;
  },
});

export { expect };
