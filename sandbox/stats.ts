// Counters for GET /_sandbox/stats: calls and errors per action, server-side latency, and the
// sandbox's own CPU time (process.cpuUsage) since start or the last reset.
import { monitorEventLoopDelay } from "node:perf_hooks";

const SAMPLE_CAP = 10_000;

export class Stats {
  // Keyed by the request's Action, which is untrusted: no prototype.
  private calls: Record<string, number> = Object.create(null);
  private errors: Record<string, number> = Object.create(null);
  private latencyMs: Record<string, number> = Object.create(null);
  /** Up to SAMPLE_CAP latencies per action (reservoir sampling) for percentiles. */
  private samples: Record<string, number[]> = Object.create(null);
  /** Calls per signing identity (an assumed role's session ARN, or the default user) and action. */
  private callers: Record<string, Record<string, number>> = Object.create(null);
  private cpuBase = process.cpuUsage();
  private since = Date.now();
  /** How long work waited for the event loop: the part of latency the handler timings miss. */
  private loopDelay = monitorEventLoopDelay({ resolution: 10 });

  constructor() {
    this.loopDelay.enable();
  }

  record(action: string, ms: number, errorCode?: string): void {
    this.calls[action] = (this.calls[action] ?? 0) + 1;
    this.latencyMs[action] = (this.latencyMs[action] ?? 0) + ms;
    const xs = (this.samples[action] ??= []);
    if (xs.length < SAMPLE_CAP) xs.push(ms);
    else {
      const i = Math.floor(Math.random() * this.calls[action]);
      if (i < SAMPLE_CAP) xs[i] = ms;
    }
    if (errorCode) this.errors[errorCode] = (this.errors[errorCode] ?? 0) + 1;
  }

  recordCaller(arn: string, action: string): void {
    const byAction = (this.callers[arn] ??= Object.create(null) as Record<string, number>);
    byAction[action] = (byAction[action] ?? 0) + 1;
  }

  reset(): void {
    this.callers = Object.create(null);
    this.calls = Object.create(null);
    this.errors = Object.create(null);
    this.latencyMs = Object.create(null);
    this.samples = Object.create(null);
    this.loopDelay.reset();
    this.cpuBase = process.cpuUsage();
    this.since = Date.now();
  }

  snapshot(extra: Record<string, unknown>): Record<string, unknown> {
    const cpu = process.cpuUsage(this.cpuBase);
    const totalCalls = Object.values(this.calls).reduce((a, b) => a + b, 0);
    const meanLatencyMs: Record<string, number> = {};
    const latencyMs: Record<string, { p50: number; p95: number; p99: number; max: number }> = {};
    const round = (x: number) => Math.round(x * 100) / 100;
    for (const [k, v] of Object.entries(this.latencyMs)) {
      meanLatencyMs[k] = round(v / this.calls[k]);
      const xs = this.samples[k].slice().sort((a, b) => a - b);
      const at = (p: number) => round(xs[Math.min(xs.length - 1, Math.floor(p * xs.length))]);
      latencyMs[k] = { p50: at(0.5), p95: at(0.95), p99: at(0.99), max: round(xs[xs.length - 1]) };
    }
    return {
      since: new Date(this.since).toISOString(),
      elapsedMs: Date.now() - this.since,
      totalCalls,
      calls: this.calls,
      errors: this.errors,
      callers: this.callers,
      meanLatencyMs,
      latencyMs,
      eventLoopDelayMs: {
        p50: round(this.loopDelay.percentile(50) / 1e6),
        p95: round(this.loopDelay.percentile(95) / 1e6),
        max: round(this.loopDelay.max / 1e6),
      },
      cpu: { userMs: cpu.user / 1000, systemMs: cpu.system / 1000, totalMs: (cpu.user + cpu.system) / 1000 },
      memory: { rssMb: Math.round(process.memoryUsage().rss / 1e6) },
      ...extra,
    };
  }
}
