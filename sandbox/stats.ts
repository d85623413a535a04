// Counters for GET /_sandbox/stats: calls and errors per action, server-side latency, and the
// sandbox's own CPU time (process.cpuUsage) since start or the last reset.
export class Stats {
  private calls: Record<string, number> = {};
  private errors: Record<string, number> = {};
  private latencyMs: Record<string, number> = {};
  private cpuBase = process.cpuUsage();
  private since = Date.now();

  record(action: string, ms: number, errorCode?: string): void {
    this.calls[action] = (this.calls[action] ?? 0) + 1;
    this.latencyMs[action] = (this.latencyMs[action] ?? 0) + ms;
    if (errorCode) this.errors[errorCode] = (this.errors[errorCode] ?? 0) + 1;
  }

  reset(): void {
    this.calls = {};
    this.errors = {};
    this.latencyMs = {};
    this.cpuBase = process.cpuUsage();
    this.since = Date.now();
  }

  snapshot(extra: Record<string, unknown>): Record<string, unknown> {
    const cpu = process.cpuUsage(this.cpuBase);
    const totalCalls = Object.values(this.calls).reduce((a, b) => a + b, 0);
    const meanLatencyMs: Record<string, number> = {};
    for (const [k, v] of Object.entries(this.latencyMs)) meanLatencyMs[k] = Math.round((v / this.calls[k]) * 100) / 100;
    return {
      since: new Date(this.since).toISOString(),
      elapsedMs: Date.now() - this.since,
      totalCalls,
      calls: this.calls,
      errors: this.errors,
      meanLatencyMs,
      cpu: { userMs: cpu.user / 1000, systemMs: cpu.system / 1000, totalMs: (cpu.user + cpu.system) / 1000 },
      memory: { rssMb: Math.round(process.memoryUsage().rss / 1e6) },
      ...extra,
    };
  }
}
