// `npm run worker`: the executor and tracker as their own process, for deployments that run
// the portal with WORKER=off. Any number may run; leases keep them from doing work twice.
import { getEnv } from "../lib/env";
import { WORKER_ID } from "../lib/tracker/leases";
import { startWorker, stopWorker } from "../lib/tracker/scheduler";

getEnv();
// startWorker runs the loop in its own log context: every line it logs carries worker:<id>.
startWorker();
console.log(`Stackport worker ${WORKER_ID} running; Ctrl-C to stop.`);
setInterval(() => undefined, 1 << 30);
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.on(signal, () => {
    stopWorker();
    process.exit(0);
  });
}
