#!/usr/bin/env node
// `npm run bench`: every benchmark in turn, each printing its own figures.
//   bench:render   render + guardrails per size, and spec validation
//   bench:sandbox  500 concurrent stacks in the CloudFormation sandbox
//   bench:tracker  200 launches through one tracker: event lag and call rate
//   bench:rollout  a rollout to 500 live clients in the default waves, and a halt on a failure
//   bench:audit    the change log with 1,000,000 entries (seeds .data/large.db first)
//   bench:load     two instances on PostgreSQL under 50 signed-in people; first-load JS per route
//   bench:diff     lib/diff against the diff package on the review page's real diffs
//   bench:highlight  the YAML highlighter against shiki: quality and server CPU
//   bench:payload  one page's HTML and RSC bytes and browser main-thread time (production build)
import { spawnSync } from "node:child_process";

const only = process.argv.slice(2);
const steps = [
  ["bench:render"],
  ["bench:sandbox"],
  ["bench:tracker"],
  ["bench:rollout"],
  ["seed:large", "bench:audit"],
  ["bench:load"],
  ["bench:diff"],
  ["bench:highlight"],
  ["bench:payload"],
];
let failed = 0;
for (const group of steps) {
  if (only.length && !group.some((s) => only.includes(s))) continue;
  for (const script of group) {
    console.log(`\n━━━ npm run ${script} ━━━`);
    const r = spawnSync("npm", ["run", "--silent", script], { stdio: "inherit" });
    if (r.status !== 0) {
      failed++;
      break;
    }
  }
}
process.exit(failed ? 1 : 0);
