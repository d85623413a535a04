import { EnvError, getEnv } from "./env";

/** Validates configuration at start: a bad value stops the server here, naming the variable. */
export async function startNode(): Promise<void> {
  try {
    getEnv();
  } catch (error) {
    if (error instanceof EnvError) {
      console.error(error.message);
      process.exit(1);
    }
    throw error;
  }
  // Missing AWS credentials do not stop the server (pages and sign-in still work): a JSON warning
  // now, and the detail on /admin/connection.
  void import("./cloud/connection").then(({ warnIfNoCredentials }) => warnIfNoCredentials());
  // The executor and tracker run inside the portal unless they run separately (`npm run worker`).
  if (getEnv().WORKER === "embedded") {
    // startWorker runs the loop in its own log context: every line it logs carries worker:<id>.
    const { startWorker } = await import("./tracker/scheduler");
    startWorker();
  }
}
