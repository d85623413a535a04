import "server-only";
import { db } from "./db";
import * as cloud from "./cloud";
import { cachedProbe } from "./readiness-cache";

async function timed(check: () => Promise<unknown>) {
  const started = performance.now();
  try {
    await check();
    return { ok: true, ms: Math.round(performance.now() - started) };
  } catch (error) {
    return { ok: false, ms: Math.round(performance.now() - started), error: error instanceof Error ? error.name : "Error" };
  }
}

/** How long one readiness answer serves every caller (lib/readiness-cache.ts). */
export const READINESS_TTL_MS = 5000;

/** The database answers a query; CloudFormation answers a harmless read (a stack that cannot exist). */
async function probeReadiness() {
  const [database, cloudformation] = await Promise.all([
    timed(() => db.auditHead.findUnique({ where: { id: 1 } })),
    timed(() => cloud.describeStack("stackport-readiness-probe-does-not-exist")),
  ]);
  return { ready: database.ok && cloudformation.ok, database, cloudformation };
}

/** The readiness answer, probed at most once per READINESS_TTL_MS per instance. */
export const checkReadiness = cachedProbe(probeReadiness, READINESS_TTL_MS);
