import { main } from "../../cli/main";
import type { Io } from "../../cli/output";
import { apiRouter } from "./api";

// The stackport CLI against the real router in this process (its fetch hands requests over).

const router = apiRouter();
const fetchImpl = ((input: Request | string, init?: RequestInit) => router(new Request(input, init))) as typeof fetch;

/** Runs `stackport …args` with `token`: its exit code and what it printed. */
export async function stackport(token: string, ...args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const io: Io = { out: (t) => out.push(t), err: (t) => err.push(t), isTTY: false };
  const code = await main(["node", "stackport", ...args], io, { STACKPORT_URL: "http://portal.test", STACKPORT_TOKEN: token }, fetchImpl);
  return { code, stdout: out.join("\n"), stderr: err.join("\n") };
}
