import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";

const ROOT = path.resolve(import.meta.dirname, "..", "..");

/**
 * With STACKPORT_CPU_PROFILE_DIR set, the process writes a V8 CPU profile into `<dir>/<name>`
 * when it stops (two files: tsx's launcher, nearly idle, and the program itself).
 */
export function profileArgs(name: string): string[] {
  const dir = process.env.STACKPORT_CPU_PROFILE_DIR;
  return dir ? ["--cpu-prof", `--cpu-prof-dir=${path.join(dir, name)}`] : [];
}

export interface WorkerProcess {
  child: ChildProcess;
  output: () => string;
  kill9: () => Promise<void>;
  stop: () => Promise<void>;
}

/** Runs `npm run worker` (the executor and tracker) as a real process against a sandbox. */
export function startWorkerProcess(env: Record<string, string>): WorkerProcess {
  let out = "";
  const child = spawn(
    path.join(ROOT, "node_modules/.bin/tsx"),
    [...profileArgs("worker"), "--conditions=react-server", "scripts/worker.ts"],
    {
      cwd: ROOT,
      env: {
        ...process.env,
        AWS_ACCESS_KEY_ID: "sandbox",
        AWS_SECRET_ACCESS_KEY: "sandbox",
        WORKER_INTERVAL_MS: "200",
        WORKER_LEASE_SECONDS: "2",
        ...env,
      },
      // Its own process group, so SIGKILL reaches tsx's child too (no shutdown code runs).
      detached: true,
      stdio: ["ignore", "pipe", "pipe"],
    },
  );
  child.stdout?.on("data", (d) => (out += d));
  child.stderr?.on("data", (d) => (out += d));
  const exited = () =>
    new Promise<void>((resolve) =>
      child.exitCode !== null || child.signalCode !== null ? resolve() : child.once("exit", () => resolve()),
    );
  return {
    child,
    output: () => out,
    kill9: async () => {
      process.kill(-child.pid!, "SIGKILL");
      await exited();
    },
    stop: async () => {
      try {
        process.kill(-child.pid!, "SIGTERM");
      } catch {
        /* already gone */
      }
      await exited();
    },
  };
}

export async function waitFor<T>(
  what: string,
  probe: () => Promise<T | null | undefined | false>,
  timeoutMs = 90_000,
  everyMs = 200,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}
