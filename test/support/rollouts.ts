import { startSandbox, type RunningSandbox } from "../../sandbox/testing/spawn";
import { db } from "../../lib/db";
import { resetEnv } from "../../lib/env";
import type { SessionUser } from "../../lib/auth/roles";
import { onboardClient } from "../../lib/changes/onboard-client";
import { approveRequest } from "../../lib/changes/decide";
import { uniqueClientName } from "./fixtures";
import { onboardOnFirstVersion } from "./first-version";

// Rollout integration tests' world: the sandbox, the worker's pass run in this process (so a test
// steps preparation, waves and launches itself), and live clients launched on stateless-web 1.0.0.

export interface RolloutWorld {
  sandbox: RunningSandbox;
  /** One worker pass: previews, preparation, the rollout scheduler, the executor and the tracker. */
  workOnce: () => Promise<unknown>;
  /** Runs passes until `check` answers something truthy (then returns it); dumps the rollouts and fails after `passes`. */
  until: <T>(what: string, check: () => Promise<T | null | undefined | false>, passes?: number) => Promise<T>;
  /** Live clients launched through the sandbox on stateless-web 1.0.0, owned by `owner`, their onboardings approved by `approver`. */
  launchOnFirstVersion: (
    owner: SessionUser,
    approver: SessionUser,
    specs: { environment: "production" | "staging"; prefix: string }[],
  ) => Promise<Awaited<ReturnType<typeof liveClients>>>;
}

const liveClients = (ids: string[]) => db.client.findMany({ where: { id: { in: ids } }, include: { currentRevision: true } });

/** Starts the sandbox and points CloudFormation at it (rollback monitoring off, so updates finish at once). */
export async function startRolloutWorld(options: { speed?: number } = {}): Promise<RolloutWorld> {
  const sandbox = await startSandbox({ speed: options.speed ?? 4000 });
  process.env.CLOUDFORMATION_ENDPOINT = sandbox.endpoint;
  process.env.AWS_ACCESS_KEY_ID ??= "sandbox";
  process.env.AWS_SECRET_ACCESS_KEY ??= "sandbox";
  process.env.ROLLBACK_MONITORING_MINUTES = "0";
  resetEnv();
  // Imported after the environment is set: the pass reads it when loaded.
  const { workOnce } = await import("../../lib/tracker/pass");

  async function until<T>(what: string, check: () => Promise<T | null | undefined | false>, passes = 400): Promise<T> {
    for (let i = 0; i < passes; i++) {
      await workOnce();
      const value = await check();
      if (value) return value;
      await new Promise((r) => setTimeout(r, 20));
    }
    const rollouts = await db.rollout.findMany({ include: { targets: true } });
    const requests = await db.changeRequest.findMany({
      where: { rolloutId: { not: null } },
      select: { id: true, state: true, failureReason: true, scheduledFor: true },
    });
    console.log(JSON.stringify({ rollouts, requests }, null, 1));
    throw new Error(`timed out waiting for ${what}`);
  }

  async function launchOnFirstVersion(
    owner: SessionUser,
    approver: SessionUser,
    specs: { environment: "production" | "staging"; prefix: string }[],
  ) {
    const requests: { id: string; clientId: string }[] = [];
    for (const spec of specs) {
      const request = await onboardClient(owner, {
        displayName: uniqueClientName(spec.prefix),
        environment: spec.environment,
        region: "us-east-1",
        blueprintId: "stateless-web",
        sizeId: "medium",
      });
      await onboardOnFirstVersion(request.id);
      const fresh = await db.changeRequest.findUniqueOrThrow({ where: { id: request.id } });
      await approveRequest(approver, { requestId: request.id, version: fresh.version });
      requests.push(request);
    }
    await until("the launches", async () => {
      const states = await db.changeRequest.findMany({ where: { id: { in: requests.map((r) => r.id) } }, select: { state: true } });
      return states.every((s) => s.state === "SUCCEEDED");
    });
    return liveClients(requests.map((r) => r.clientId));
  }

  return { sandbox, workOnce, until, launchOnFirstVersion };
}
