// Test and benchmark helper: runs the real sandbox program (`tsx sandbox/main.ts`) on a free port
// with its own state file, and gives back an SDK client pointed at it.
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { Agent } from "node:http";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import {
  CloudFormationClient,
  DescribeStackEventsCommand,
  DescribeStacksCommand,
  type Stack,
  type StackEvent,
} from "@aws-sdk/client-cloudformation";
import { profileArgs } from "../../test/support/worker-process";

const ROOT = fileURLToPath(new URL("../..", import.meta.url));

export interface SandboxOptions {
  speed?: number;
  stateFile?: string;
  env?: Record<string, string>;
}

export interface RunningSandbox {
  port: number;
  endpoint: string;
  stateFile: string;
  /** The process listening on the port (tsx runs the program in a child process). */
  serverPid: number;
  client(opts?: { maxAttempts?: number; maxSockets?: number }): CloudFormationClient;
  control<T = unknown>(route: string, init?: { method?: string; body?: unknown }): Promise<T>;
  output(): string;
  stop(): Promise<void>;
  /** SIGKILL the server: no shutdown hook runs, so only what was already persisted survives. */
  kill9(): Promise<void>;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const addr = srv.address();
      const port = typeof addr === "object" && addr ? addr.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

const exited = (p: ChildProcess) =>
  new Promise<void>((resolve) => (p.exitCode !== null || p.signalCode !== null ? resolve() : p.once("exit", () => resolve())));

export async function startSandbox(opts: SandboxOptions = {}): Promise<RunningSandbox> {
  const port = await freePort();
  const dir = opts.stateFile ? undefined : mkdtempSync(path.join(tmpdir(), "sandbox-test-"));
  const stateFile = opts.stateFile ?? path.join(dir!, "state.json");
  const child = spawn(path.join(ROOT, "node_modules/.bin/tsx"), [...profileArgs("sandbox"), "sandbox/main.ts"], {
    cwd: ROOT,
    env: {
      ...process.env,
      SANDBOX_PORT: String(port),
      SANDBOX_SPEED: String(opts.speed ?? 2000),
      SANDBOX_STATE_FILE: stateFile,
      SANDBOX_PERSIST_MS: "50",
      ...opts.env,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let log = "";
  child.stdout!.on("data", (d: Buffer) => (log += d.toString()));
  child.stderr!.on("data", (d: Buffer) => (log += d.toString()));
  const endpoint = `http://127.0.0.1:${port}`;

  let health: { pid: number } | undefined;
  for (let i = 0; i < 400 && !health; i++) {
    if (child.exitCode !== null) throw new Error(`sandbox exited during start-up:\n${log}`);
    try {
      const res = await fetch(`${endpoint}/_sandbox/health`);
      if (res.ok) health = (await res.json()) as { pid: number };
    } catch {
      await new Promise((r) => setTimeout(r, 50));
    }
  }
  if (!health) {
    child.kill("SIGKILL");
    throw new Error(`sandbox did not become healthy:\n${log}`);
  }
  const serverPid = health.pid;

  return {
    port,
    endpoint,
    stateFile,
    serverPid,
    client: (o = {}) =>
      new CloudFormationClient({
        endpoint,
        region: "us-east-1",
        credentials: { accessKeyId: "AKIDSANDBOX", secretAccessKey: "sandbox" },
        maxAttempts: o.maxAttempts ?? 3,
        requestHandler: { httpAgent: new Agent({ keepAlive: true, maxSockets: o.maxSockets ?? 50 }) },
      }),
    async control<T>(route: string, init: { method?: string; body?: unknown } = {}) {
      const res = await fetch(`${endpoint}${route}`, {
        method: init.method ?? (init.body === undefined ? "GET" : "POST"),
        headers: init.body === undefined ? undefined : { "content-type": "application/json" },
        body: init.body === undefined ? undefined : JSON.stringify(init.body),
      });
      const json = (await res.json()) as T;
      if (!res.ok) throw new Error(`${route}: ${res.status} ${JSON.stringify(json)}`);
      return json;
    },
    output: () => log,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill("SIGTERM");
        await exited(child);
      }
      if (dir) rmSync(dir, { recursive: true, force: true });
    },
    async kill9() {
      try {
        process.kill(serverPid, "SIGKILL");
      } catch {
        // already gone
      }
      child.kill("SIGKILL");
      await exited(child);
    },
  };
}

/** Polls DescribeStacks until the stack reaches a terminal status (or `until` holds). */
export async function waitForStack(
  client: CloudFormationClient,
  stackName: string,
  opts: { timeoutMs?: number; until?: (s: Stack) => boolean } = {},
): Promise<Stack> {
  const deadline = Date.now() + (opts.timeoutMs ?? 30_000);
  const done = opts.until ?? ((s: Stack) => !(s.StackStatus ?? "").endsWith("_IN_PROGRESS"));
  for (;;) {
    const { Stacks } = await client.send(new DescribeStacksCommand({ StackName: stackName }));
    const s = Stacks![0];
    if (done(s)) return s;
    if (Date.now() > deadline) throw new Error(`stack ${stackName} still ${s.StackStatus} after ${opts.timeoutMs ?? 30_000} ms`);
    await new Promise((r) => setTimeout(r, 40));
  }
}

/** Every event of a stack, paging through DescribeStackEvents; newest first, as CloudFormation returns them. */
export async function allStackEvents(cf: CloudFormationClient, stack: string): Promise<StackEvent[]> {
  const out: StackEvent[] = [];
  let token: string | undefined;
  do {
    const page = await cf.send(new DescribeStackEventsCommand({ StackName: stack, NextToken: token }));
    out.push(...(page.StackEvents ?? []));
    token = page.NextToken;
  } while (token);
  return out;
}
