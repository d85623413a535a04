import "server-only";
import { db } from "./db";
import * as cloud from "./cloud";

async function timed(check: () => Promise<unknown>) {
  const started = performance.now();
  try {
    await check();
    return { ok: true, ms: Math.round(performance.now() - started) };
  } catch (error) {
    return { ok: false, ms: Math.round(performance.now() - started), error: error instanceof Error ? error.name : "Error" };
  }
}

/** The database answers a query; CloudFormation answers a harmless read (a stack that cannot exist). */
export async function checkReadiness() {
  const [database, cloudformation] = await Promise.all([
    timed(() => db.auditHead.findUnique({ where: { id: 1 } })),
    timed(() => cloud.describeStack("stackport-readiness-probe-does-not-exist")),
  ]);
  return { ready: database.ok && cloudformation.ok, database, cloudformation };
}
