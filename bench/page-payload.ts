// `npm run bench:payload`: what one page costs a browser, from the production build in .next: its
// HTML and RSC payload (raw and gzip) and Chromium's main-thread script and task time to load it.
//   npx tsx bench/page-payload.ts [--path /catalog/stateless-web/large] [--runs 7]
// Starts `next start` on port 3190 over a fresh SQLite database (migrated and seeded), signs in as
// the demo engineer through next-auth's credentials endpoint, measures, and stops the server.
import { spawn, spawnSync } from "node:child_process";
import { mkdirSync, rmSync } from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import { gzipSync } from "node:zlib";
import { chromium } from "@playwright/test";
import { chromiumLaunchOptions } from "../e2e/support/chromium";
import { userFor } from "../e2e/support/users";

const { values } = parseArgs({
  options: { path: { type: "string", default: "/catalog/stateless-web/large" }, runs: { type: "string", default: "7" } },
});
const ROOT = path.resolve(import.meta.dirname, "..");
const PORT = 3190;
const base = `http://127.0.0.1:${PORT}`;
mkdirSync(path.join(ROOT, ".data"), { recursive: true });
const dbFile = path.join(ROOT, ".data", `payload-${process.pid}.db`);
const env: NodeJS.ProcessEnv = {
  ...process.env,
  NODE_ENV: "production",
  NEXT_TELEMETRY_DISABLED: "1",
  DATABASE_URL: `file:${path.relative(ROOT, dbFile)}`,
  NEXTAUTH_SECRET: "bench-secret-bench-secret-bench-secret-0123456789",
  WEBHOOK_SECRET_KEY: "bench-webhook-key-bench-webhook-key-0123456789",
  NEXTAUTH_URL: base,
  CLOUDFORMATION_ENDPOINT: "http://127.0.0.1:9", // the page needs no CloudFormation
  AWS_ACCESS_KEY_ID: "bench",
  AWS_SECRET_ACCESS_KEY: "bench",
  WORKER: "off",
};
for (const args of [
  [process.execPath, "scripts/prisma.mjs", "migrate"],
  [path.join(ROOT, "node_modules/.bin/tsx"), "--conditions=react-server", "scripts/seed.ts"],
]) {
  const r = spawnSync(args[0], args.slice(1), { cwd: ROOT, env, stdio: "pipe" });
  if (r.status !== 0) throw new Error(`${args.join(" ")} failed:\n${r.stderr}`);
}
const server = spawn(
  process.execPath,
  [path.join(ROOT, "node_modules/next/dist/bin/next"), "start", "-p", String(PORT), "-H", "127.0.0.1"],
  {
    cwd: ROOT,
    env,
    detached: true,
    stdio: "ignore",
  },
);
const stop = () => {
  try {
    process.kill(-server.pid!, "SIGTERM");
  } catch {}
  rmSync(dbFile, { force: true });
};
process.on("exit", stop);

try {
  for (let i = 0; ; i++) {
    if (i > 120) throw new Error("the portal did not start");
    if (
      await fetch(`${base}/api/health`).then(
        (r) => r.ok,
        () => false,
      )
    )
      break;
    await new Promise((r) => setTimeout(r, 500));
  }
  // Sign in as the engineer: CSRF token and cookie, then the credentials callback.
  const jar = new Map<string, string>();
  const keep = (r: Response) => r.headers.getSetCookie().forEach((c) => jar.set(c.split("=")[0], c.split(";")[0]));
  const cookie = () => [...jar.values()].join("; ");
  const csrf = await fetch(`${base}/api/auth/csrf`);
  keep(csrf);
  const { csrfToken } = (await csrf.json()) as { csrfToken: string };
  const { email, password } = userFor("ENGINEER");
  const signIn = await fetch(`${base}/api/auth/callback/credentials`, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded", cookie: cookie(), origin: base },
    body: new URLSearchParams({ csrfToken, email, password, json: "true" }),
    redirect: "manual",
  });
  keep(signIn);
  if (![...jar.keys()].some((k) => k.includes("session-token"))) throw new Error(`sign-in failed (${signIn.status})`);

  const get = async (headers: Record<string, string> = {}) => {
    const r = await fetch(`${base}${values.path}`, { headers: { cookie: cookie(), ...headers } });
    if (!r.ok) throw new Error(`${values.path}: ${r.status}`);
    return Buffer.from(await r.arrayBuffer());
  };
  await get(); // warm: the first render loads the catalog
  const html = await get();
  const rsc = await get({ RSC: "1" });
  const kb = (b: Buffer) => `${(b.length / 1024).toFixed(1)} KB`.padStart(10);
  console.log(`${values.path}, production build${"".padEnd(12)}${"raw".padStart(10)}${"gzip".padStart(10)}`);
  console.log(`${"HTML document (first load)".padEnd(48)}${kb(html)}${kb(gzipSync(html))}`);
  console.log(`${"RSC payload (client navigation)".padEnd(48)}${kb(rsc)}${kb(gzipSync(rsc))}`);

  // The browser: main-thread time to load and hydrate the page (Chrome's own counters).
  const browser = await chromium.launch(chromiumLaunchOptions);
  const context = await browser.newContext();
  await context.addCookies([...jar.values()].map((c) => ({ name: c.split("=")[0], value: c.slice(c.indexOf("=") + 1), url: base })));
  const script: number[] = [];
  const task: number[] = [];
  for (let run = -1; run < Number(values.runs); run++) {
    const page = await context.newPage();
    const cdp = await context.newCDPSession(page);
    await cdp.send("Performance.enable");
    await page.goto(`${base}${values.path}`, { waitUntil: "networkidle" });
    const { metrics } = await cdp.send("Performance.getMetrics");
    const metric = (name: string) => metrics.find((m) => m.name === name)!.value * 1000;
    if (run >= 0) {
      script.push(metric("ScriptDuration"));
      task.push(metric("TaskDuration"));
    }
    await page.close();
  }
  await browser.close();
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  console.log(`${"Chromium script time per load (median)".padEnd(48)}${`${median(script).toFixed(0)} ms`.padStart(10)}`);
  console.log(`${"Chromium main-thread task time per load".padEnd(48)}${`${median(task).toFixed(0)} ms`.padStart(10)}`);
} finally {
  stop();
}
