// First-load JavaScript per route of the production build (gzip -9), against issue 7's target.
// Shared by `npm run bench:load` (after its load test) and `npm run bench:bundle` (on its own).
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { gzipSync } from "node:zlib";

const ROOT = path.resolve(import.meta.dirname, "..");
export const TARGET_JS_KB = 150;

function newestSource(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === "generated" || entry.name === "node_modules") continue;
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestSource(full));
    else if (/\.(tsx?|css|json)$/.test(entry.name) && !/\.test\.tsx?$/.test(entry.name)) newest = Math.max(newest, statSync(full).mtimeMs);
  }
  return newest;
}

/** Runs `next build` when .next is missing or older than the sources. */
export function ensureBuild() {
  const buildId = path.join(ROOT, ".next", "BUILD_ID");
  const sources = Math.max(
    ...["app", "components", "lib"].map((d) => newestSource(path.join(ROOT, d))),
    ...["next.config.ts", "proxy.ts", "instrumentation.ts", "package-lock.json"]
      .filter((f) => existsSync(path.join(ROOT, f)))
      .map((f) => statSync(path.join(ROOT, f)).mtimeMs),
  );
  if (existsSync(buildId) && statSync(buildId).mtimeMs >= sources) return;
  console.log("The production build is missing or older than the sources: running next build …");
  const r = spawnSync(path.join(ROOT, "node_modules/.bin/next"), ["build"], {
    cwd: ROOT,
    stdio: ["ignore", "ignore", "inherit"],
    env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1" },
  });
  if (r.status !== 0) throw new Error("next build failed");
}

/** Each route's first-load chunks, gzipped, largest first. */
export function firstLoadJs(): { route: string; kb: number }[] {
  // Next 16 writes each route's first-load chunks here (its build table no longer shows sizes).
  const file = path.join(ROOT, ".next", "diagnostics", "route-bundle-stats.json");
  const stats = JSON.parse(readFileSync(file, "utf8")) as { route: string; firstLoadChunkPaths: string[] }[];
  const gz = new Map<string, number>();
  const sizeOf = (chunk: string) => {
    if (!gz.has(chunk)) gz.set(chunk, gzipSync(readFileSync(path.join(ROOT, chunk)), { level: 9 }).length);
    return gz.get(chunk)!;
  };
  return stats
    .map((s) => ({ route: s.route, kb: s.firstLoadChunkPaths.reduce((t, c) => t + sizeOf(c), 0) / 1024 }))
    .sort((a, b) => b.kb - a.kb);
}

/** Prints the table; returns how many routes are over the target. */
export function printFirstLoadJs(): number {
  const js = firstLoadJs();
  console.log(`\n  first-load JavaScript per route (gzip -9, production build)    target ≤ ${TARGET_JS_KB} KB`);
  for (const r of js) console.log(`  ${r.route.padEnd(32)} ${r.kb.toFixed(1).padStart(7)} KB   ${r.kb <= TARGET_JS_KB ? "✔" : "✖ over"}`);
  const over = js.filter((r) => r.kb > TARGET_JS_KB).length;
  console.log(over ? `  ${over} route(s) over ${TARGET_JS_KB} KB` : `  every route within ${TARGET_JS_KB} KB`);
  return over;
}
