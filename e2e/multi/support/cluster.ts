// Two portal processes on one PostgreSQL database and one sandbox, behind a loopback
// round-robin proxy that plays the load balancer: the browser sees one origin, as it would in
// production, while a test can pin the proxy to one instance, SIGKILL an instance and start it
// again. The processes are started here rather than by Playwright's webServer so tests can kill them.
import { spawn, type ChildProcess } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import http from "node:http";
import path from "node:path";

export const INSTANCE_PORTS = { C: 3102, D: 3103 } as const;
export type InstanceName = keyof typeof INSTANCE_PORTS;
export const PROXY_PORT = 3104;
export const SANDBOX_PORT = 4611;
export const LEASE_SECONDS = 6;
export const PUBLIC_URL = `http://127.0.0.1:${PROXY_PORT}`;
export const SANDBOX_URL = `http://127.0.0.1:${SANDBOX_PORT}`;
/** Response header naming the instance that answered (added by the proxy). */
export const SERVED_BY = "x-stackport-instance";

const ROOT = path.resolve(import.meta.dirname, "..", "..", "..");
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export function portalEnv(databaseUrl: string): Record<string, string> {
  return {
    NEXT_TELEMETRY_DISABLED: "1",
    DATABASE_URL: databaseUrl,
    NEXTAUTH_SECRET: process.env.NEXTAUTH_SECRET ?? "test-secret-test-secret-test-secret-0123456789",
    // `next start` is production: it refuses to start without the key that encrypts webhook secrets.
    WEBHOOK_SECRET_KEY: process.env.WEBHOOK_SECRET_KEY ?? "test-webhook-key-test-webhook-key-0123456789",
    // Behind a load balancer every instance has the same public URL.
    NEXTAUTH_URL: PUBLIC_URL,
    CLOUDFORMATION_ENDPOINT: SANDBOX_URL,
    AWS_ACCESS_KEY_ID: "sandbox",
    AWS_SECRET_ACCESS_KEY: "sandbox",
    WORKER: "embedded",
    WORKER_INTERVAL_MS: "500",
    WORKER_LEASE_SECONDS: String(LEASE_SECONDS),
    SIGNIN_MAX_FAILURES_PER_ADDRESS: "1000",
    // The chain test signs 25 people in at once per instance, up to 10 at once per account across
    // the two: more than the default cap on concurrent password checks (4, answered 429) and than
    // the attempts reserved per account before checking (5). Both have their own tests.
    SIGNIN_MAX_CONCURRENT_CHECKS: "64",
    SIGNIN_MAX_FAILURES: "50",
    LOG_LEVEL: "warn",
  };
}

/** One `next start` process (in its own process group, so SIGKILL reaches every process of it). */
export class PortalInstance {
  private child?: ChildProcess;
  private out = "";

  constructor(
    readonly name: InstanceName,
    private readonly env: Record<string, string>,
  ) {}

  get port() {
    return INSTANCE_PORTS[this.name];
  }
  get url() {
    return `http://127.0.0.1:${this.port}`;
  }
  get running() {
    return !!this.child && this.child.exitCode === null && this.child.signalCode === null;
  }
  output() {
    return this.out;
  }

  async start(): Promise<void> {
    this.out = "";
    const child = spawn(path.join(ROOT, "node_modules/.bin/next"), ["start", "-p", String(this.port), "-H", "127.0.0.1"], {
      cwd: ROOT,
      env: { ...process.env, ...this.env },
      detached: true,
      stdio: ["ignore", "pipe", "pipe"],
    });
    this.child = child;
    child.stdout!.on("data", (d) => (this.out += d));
    child.stderr!.on("data", (d) => (this.out += d));
    const deadline = Date.now() + 60_000;
    for (;;) {
      if (!this.running) throw new Error(`portal ${this.name} exited during start-up:\n${this.out}`);
      const ok = await fetch(`${this.url}/api/health`).then(
        (r) => r.ok,
        () => false,
      );
      if (ok) return;
      if (Date.now() > deadline) throw new Error(`portal ${this.name} did not become healthy:\n${this.out}`);
      await sleep(200);
    }
  }

  /** Every process of this instance: its process group. */
  pids(): number[] {
    const group = this.child?.pid;
    if (!group || !this.running) return [];
    const pids: number[] = [];
    for (const entry of readdirSync("/proc")) {
      if (!/^\d+$/.test(entry)) continue;
      try {
        const stat = readFileSync(`/proc/${entry}/stat`, "utf8");
        // "pid (comm) state ppid pgrp …": comm may hold spaces, so split after its closing parenthesis.
        const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
        if (Number(fields[2]) === group) pids.push(Number(entry));
      } catch {
        // the process ended while we looked
      }
    }
    return pids;
  }

  /** SIGKILL: no shutdown code runs, leases stay in the database until they expire. */
  async kill9(): Promise<void> {
    await this.signal("SIGKILL");
  }

  async stop(): Promise<void> {
    await this.signal("SIGTERM", 10_000);
    if (this.running) await this.signal("SIGKILL");
  }

  private async signal(signal: NodeJS.Signals, waitMs = 30_000): Promise<void> {
    const child = this.child;
    if (!child || !this.running) return;
    const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
    try {
      process.kill(-child.pid!, signal);
    } catch {
      return;
    }
    await Promise.race([exited, sleep(waitMs)]);
  }
}

/**
 * The load balancer: round robin over the instances, or pinned to one. A refused connection
 * (a dead instance) is retried on the next instance, as a load balancer's health check would
 * take the target out; a response cut off mid-way is cut off for the browser too.
 */
export class LoadBalancer {
  pinned: InstanceName | null = null;
  readonly served: Record<InstanceName, number> = { C: 0, D: 0 };
  private turn = 0;
  private readonly server: http.Server;
  private readonly names = Object.keys(INSTANCE_PORTS) as InstanceName[];

  constructor() {
    this.server = http.createServer((req, res) => void this.forward(req, res));
  }

  listen(): Promise<void> {
    return new Promise((resolve, reject) => {
      this.server.once("error", reject);
      this.server.listen(PROXY_PORT, "127.0.0.1", () => resolve());
    });
  }

  close(): Promise<void> {
    this.server.closeAllConnections();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }

  private order(): InstanceName[] {
    if (this.pinned) return [this.pinned];
    const first = this.turn++ % this.names.length;
    return [...this.names.slice(first), ...this.names.slice(0, first)];
  }

  private async forward(req: http.IncomingMessage, res: http.ServerResponse) {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks);
    const targets = this.order();
    const attempt = (i: number) => {
      const name = targets[i];
      const upstream = http.request(
        {
          host: "127.0.0.1",
          port: INSTANCE_PORTS[name],
          method: req.method,
          path: req.url,
          // The Host header stays the public one, so same-origin checks see what a browser sent.
          headers: { ...req.headers, "x-forwarded-for": req.socket.remoteAddress ?? "127.0.0.1", "x-forwarded-proto": "http" },
          agent: false,
        },
        (upRes) => {
          this.served[name]++;
          res.writeHead(upRes.statusCode ?? 502, { ...upRes.headers, [SERVED_BY]: name });
          upRes.pipe(res);
          upRes.on("close", () => {
            if (!upRes.complete) res.destroy();
          });
        },
      );
      upstream.on("error", (error: NodeJS.ErrnoException) => {
        if (error.code === "ECONNREFUSED" && i + 1 < targets.length) return attempt(i + 1);
        if (!res.headersSent) {
          res.writeHead(502, { "content-type": "text/plain", [SERVED_BY]: name });
          res.end(`bad gateway: ${error.code ?? error.message}`);
        } else {
          res.destroy();
        }
      });
      res.on("close", () => upstream.destroy());
      upstream.end(body);
    };
    attempt(0);
  }
}
