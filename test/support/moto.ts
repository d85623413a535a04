// Test helper: moto's S3-compatible server (`moto_server`, in the machine's Python) on a free
// port, for the checkpoint bucket's integration test. Each call starts its own server, with
// nothing in it; stop() ends it.
import { spawn, spawnSync } from "node:child_process";
import { freePort } from "../../sandbox/testing/spawn";

export interface RunningMoto {
  endpoint: string;
  stop(): Promise<void>;
}

/** Whether `moto_server` can be run here. */
export const motoInstalled = () => spawnSync("moto_server", ["--help"], { stdio: "ignore" }).status === 0;

export async function startMoto(): Promise<RunningMoto> {
  const port = await freePort();
  const child = spawn("moto_server", ["-H", "127.0.0.1", "-p", String(port)], { stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  child.stdout!.on("data", (d: Buffer) => (output += d.toString()));
  child.stderr!.on("data", (d: Buffer) => (output += d.toString()));
  const endpoint = `http://127.0.0.1:${port}`;
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill("SIGTERM");
    await exited;
  };
  for (let i = 0; i < 300; i++) {
    if (child.exitCode !== null) throw new Error(`moto_server exited during start-up:\n${output}`);
    try {
      // Its own state endpoint: answers once the server is up, without touching S3's.
      if ((await fetch(`${endpoint}/moto-api/data.json`)).ok) return { endpoint, stop };
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  await stop();
  throw new Error(`moto_server did not answer on ${endpoint} within 30 s:\n${output}`);
}
