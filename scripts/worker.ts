// `npm run worker`: the executor and tracker as their own process, for deployments that run
// the portal with WORKER=off. Any number may run; leases keep them from doing work twice.
import { getEnv } from "../lib/env";
import { withLogContext } from "../lib/log";
import { startWorker, stopWorker, WORKER_ID } from "../lib/tracker/worker";

getEnv();
// Every line the worker logs (its timers inherit this context) carries its id.
withLogContext({ requestId: `worker:${WORKER_ID}` }, () => startWorker());
console.log(`Stackport worker ${WORKER_ID} running; Ctrl-C to stop.`);
setInterval(() => undefined, 1 << 30);
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.on(signal, () => {
    stopWorker();
    process.exit(0);
  });
}
