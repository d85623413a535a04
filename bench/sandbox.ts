// Benchmark of the CloudFormation sandbox: N stacks of the stateless-web blueprint created
// concurrently through the AWS SDK against a freshly spawned sandbox, each polled with
// DescribeStacks like the portal would. Prints the sandbox's own CPU time per stack (from
// GET /_sandbox/stats, i.e. process.cpuUsage inside the sandbox) and client-side API latencies.
//
//   npx tsx bench/sandbox.ts            # 500 stacks
//   BENCH_STACKS=100 BENCH_SPEED=200 npx tsx bench/sandbox.ts
import { existsSync, readFileSync, statSync } from "node:fs";
import { CreateStackCommand, DescribeStacksCommand, type CloudFormationClient } from "@aws-sdk/client-cloudformation";
import YAML from "yaml";
import { startSandbox } from "../sandbox/testing/spawn";

const STACKS = Number(process.env.BENCH_STACKS ?? 500);
const SPEED = Number(process.env.BENCH_SPEED ?? 100);
const POLL_MS = Number(process.env.BENCH_POLL_MS ?? 1000);
const BLUEPRINT = "templates/stateless-web/template.yaml";
const SIZES = "templates/stateless-web/sizes.yaml";

function workload(): { name: string; body: string; params: { ParameterKey: string; ParameterValue: string }[]; caps: "CAPABILITY_IAM"[] } {
  if (existsSync(BLUEPRINT) && existsSync(SIZES)) {
    const sizes = (YAML.parse(readFileSync(SIZES, "utf-8")) as { sizes: { id: string; parameters: Record<string, string> }[] }).sizes;
    const medium = sizes.find((s) => s.id === "medium") ?? sizes[0];
    const params = Object.entries({ Environment: "staging", ...medium.parameters }).map(([k, v]) => ({
      ParameterKey: k,
      ParameterValue: String(v),
    }));
    return { name: `stateless-web (${medium.id})`, body: readFileSync(BLUEPRINT, "utf-8"), params, caps: ["CAPABILITY_IAM"] };
  }
  return { name: "sandbox/fixtures/app.yaml", body: readFileSync("sandbox/fixtures/app.yaml", "utf-8"), params: [], caps: [] };
}

const latencies: Record<string, number[]> = {};
async function timed<T>(action: string, fn: () => Promise<T>): Promise<T> {
  const t0 = performance.now();
  try {
    return await fn();
  } finally {
    (latencies[action] ??= []).push(performance.now() - t0);
  }
}

const pct = (xs: number[], p: number) => {
  const s = xs.slice().sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))];
};

async function runStack(cf: CloudFormationClient, i: number, w: ReturnType<typeof workload>): Promise<string> {
  const name = `bench-${i}`;
  await timed("CreateStack", () =>
    cf.send(new CreateStackCommand({ StackName: name, TemplateBody: w.body, Parameters: w.params, Capabilities: w.caps })),
  );
  for (;;) {
    await new Promise((r) => setTimeout(r, POLL_MS));
    const { Stacks } = await timed("DescribeStacks", () => cf.send(new DescribeStacksCommand({ StackName: name })));
    const status = Stacks![0].StackStatus!;
    if (!status.endsWith("_IN_PROGRESS")) return status;
  }
}

async function main(): Promise<void> {
  const w = workload();
  const sb = await startSandbox({ speed: SPEED, env: { SANDBOX_PERSIST_MS: "500" } });
  try {
    // Enough sockets for every stack at once, so latency is the sandbox's, not the client's queue.
    const cf = sb.client({ maxAttempts: 5, maxSockets: STACKS + 16 });
    await sb.control("/_sandbox/stats/reset", { body: {} });
    console.log(`Creating ${STACKS} stacks of ${w.name} at SANDBOX_SPEED=${SPEED}, polling every ${POLL_MS} ms…`);
    const t0 = Date.now();
    const results = await Promise.all(Array.from({ length: STACKS }, (_, i) => runStack(cf, i, w)));
    const wallS = (Date.now() - t0) / 1000;
    const stats = await sb.control<{
      cpu: { totalMs: number; userMs: number; systemMs: number };
      totalCalls: number;
      memory: { rssMb: number };
      stateWrites: number;
      timersFired: number;
      eventLoopDelayMs: { p50: number; p95: number; max: number };
      latencyMs: Record<string, { p50: number; p95: number; max: number }>;
    }>("/_sandbox/stats");
    await sb.control("/_sandbox/flush", { body: {} });
    const byStatus: Record<string, number> = {};
    for (const r of results) byStatus[r] = (byStatus[r] ?? 0) + 1;
    const all = Object.values(latencies).flat();
    console.log(`\nStacks: ${JSON.stringify(byStatus)} in ${wallS.toFixed(1)} s wall time`);
    console.log(
      `Sandbox CPU: ${stats.cpu.totalMs.toFixed(0)} ms total (user ${stats.cpu.userMs.toFixed(0)}, system ${stats.cpu.systemMs.toFixed(0)}) = ${(stats.cpu.totalMs / STACKS).toFixed(2)} ms per stack`,
    );
    console.log(
      `Sandbox: ${stats.totalCalls} API calls, ${stats.timersFired} timers fired, ${stats.stateWrites} state writes, RSS ${stats.memory.rssMb} MB, state file ${(statSync(sb.stateFile).size / 1e6).toFixed(1)} MB`,
    );
    console.log(
      `API latency (ms, client side incl. the SDK and its queue): p50 ${pct(all, 50).toFixed(1)}  p95 ${pct(all, 95).toFixed(1)}  p99 ${pct(all, 99).toFixed(1)}  max ${Math.max(...all).toFixed(1)}`,
    );
    const loop = stats.eventLoopDelayMs;
    console.log(`Sandbox event-loop delay (ms): p50 ${loop.p50}  p95 ${loop.p95}  max ${loop.max}`);
    for (const [action, xs] of Object.entries(latencies)) {
      console.log(
        `  ${action.padEnd(15)} n=${String(xs.length).padEnd(6)} p50 ${pct(xs, 50).toFixed(1)}  p95 ${pct(xs, 95).toFixed(1)}  max ${Math.max(...xs).toFixed(1)}` +
          `  | in the sandbox: p50 ${stats.latencyMs[action]?.p50} p95 ${stats.latencyMs[action]?.p95} max ${stats.latencyMs[action]?.max}`,
      );
    }
  } finally {
    await sb.stop();
  }
}

await main();
