// Entry point: `tsx sandbox/main.ts`. Reads its settings from the environment (see README.md),
// listens on 127.0.0.1, and writes its state out before exiting on SIGINT/SIGTERM.
import path from "node:path";
import { isKnownResourceType } from "../lib/aws-spec";
import type { SandboxConfig } from "./api/context";
import { createSandbox } from "./server";

function readConfig(env: NodeJS.ProcessEnv): { config: SandboxConfig; host: string; persistMs: number } {
  const port = Number(env.SANDBOX_PORT ?? 4599);
  const speed = Number(env.SANDBOX_SPEED ?? 40);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`SANDBOX_PORT must be a port number, got ${env.SANDBOX_PORT}`);
  if (!(speed > 0)) throw new Error(`SANDBOX_SPEED must be a positive number, got ${env.SANDBOX_SPEED}`);
  const stateSetting = env.SANDBOX_STATE_FILE;
  const stateFile = stateSetting === "none" ? undefined : path.resolve(stateSetting || `.data/sandbox-${port}.json`);
  return {
    host: env.SANDBOX_HOST ?? "127.0.0.1",
    persistMs: Number(env.SANDBOX_PERSIST_MS ?? 200),
    config: {
      port,
      speed,
      stateFile,
      pageSize: Number(env.SANDBOX_PAGE_SIZE ?? 100),
      defaultRegion: env.SANDBOX_REGION ?? "us-east-1",
    },
  };
}

const { config, host, persistMs } = readConfig(process.env);
// Load the resource specification now (~0.3 s) rather than stalling the first request with it.
isKnownResourceType("AWS::S3::Bucket");
const sandbox = createSandbox(config, persistMs);

sandbox.server.listen(config.port, host, () => {
  const address = sandbox.server.address();
  const port = typeof address === "object" && address ? address.port : config.port;
  console.log(
    `[sandbox] CloudFormation sandbox on http://${host}:${port} (speed ${config.speed}, state ${config.stateFile ?? "in memory"}` +
      `${sandbox.resumed ? `, resumed ${sandbox.resumed} operation(s)` : ""})`,
  );
});

let stopping = false;
async function stop(signal: string): Promise<void> {
  if (stopping) return;
  stopping = true;
  console.log(`[sandbox] ${signal}: saving state and stopping`);
  await sandbox.shutdown();
  process.exit(0);
}
process.on("SIGINT", () => void stop("SIGINT"));
process.on("SIGTERM", () => void stop("SIGTERM"));
