// Render + guardrail latency per blueprint size, and spec validation separately.
//   npx tsx bench/render.ts [--iterations 2000]
// Target: p50 ≤ 2 ms for render + guardrails in a warm process.
import { parseArgs } from "node:util";
import { listBlueprints } from "../lib/catalog";
import { evaluateGuardrails } from "../lib/guardrails";
import { renderStack, validateTemplate, type RenderInput } from "../lib/render";

const { values } = parseArgs({ options: { iterations: { type: "string", default: "2000" } } });
const iterations = Number(values.iterations);

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

function measure(fn: (i: number) => void): { p50: number; p95: number; max: number } {
  for (let i = 0; i < Math.min(200, iterations); i++) fn(i); // warm-up: JIT and caches
  const times: number[] = [];
  for (let i = 0; i < iterations; i++) {
    const start = performance.now();
    fn(i);
    times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  return { p50: percentile(times, 50), p95: percentile(times, 95), max: times[times.length - 1] };
}

const fmt = (n: number) => n.toFixed(3).padStart(8);

let t = performance.now();
const blueprints = listBlueprints();
const catalogMs = performance.now() - t;
t = performance.now();
validateTemplate(blueprints[0].template); // first call loads the resource spec
const specMs = performance.now() - t;
console.log(`cold: catalog load ${catalogMs.toFixed(1)} ms, resource spec load + first validation ${specMs.toFixed(1)} ms`);
console.log(`${iterations} iterations each; times in ms\n`);
console.log(
  `${"blueprint/size".padEnd(28)}${"resources".padStart(10)}   render+guardrails p50 / p95 / max      validateTemplate p50 / p95`,
);

const all: number[] = [];
for (const bp of blueprints) {
  for (const size of bp.sizes) {
    const input = (i: number): RenderInput => ({
      blueprintId: bp.id,
      sizeId: size.id,
      client: { displayName: "Bench Client Pty Ltd", environment: "staging", region: "us-east-1", owner: "bench" },
      // A different revision each time, so nothing downstream can cache the whole result.
      metadata: { revision: i },
    });
    let sink = 0;
    const rg = measure((i) => {
      const r = renderStack(input(i));
      sink += evaluateGuardrails(r.template).length + r.body.length;
    });
    const template = renderStack(input(0)).template;
    const v = measure(() => {
      sink += validateTemplate(template).length;
    });
    all.push(rg.p50);
    const resources = renderStack(input(0)).summary.resourceCount;
    console.log(
      `${`${bp.id}/${size.id}`.padEnd(28)}${String(resources).padStart(10)}   ${fmt(rg.p50)} / ${fmt(rg.p95)} / ${fmt(rg.max)}    ${fmt(v.p50)} / ${fmt(v.p95)}`,
    );
    if (sink === 0) throw new Error("nothing was rendered"); // also keeps the results observably used
  }
}
const worst = Math.max(...all);
console.log(`\nworst p50 render+guardrails: ${worst.toFixed(3)} ms (target ≤ 2 ms) ${worst <= 2 ? "OK" : "OVER TARGET"}`);
process.exitCode = worst <= 2 ? 0 : 1;
