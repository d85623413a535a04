import { afterAll, beforeAll, expect, it, vi } from "vitest";
import { CreateStackCommand } from "@aws-sdk/client-cloudformation";
import { startSandbox, waitForStack, type RunningSandbox } from "../../sandbox/testing/spawn";
import { db } from "../db";
import { onboardClient } from "../changes/onboard-client";
import { makeUser, markLive, uniqueClientName } from "../../test/support/fixtures";
import { approveRequest } from "../changes/decide";
import { waitFor } from "../../test/support/worker-process";

// Guards a bug: every portal instance ran the scheduled drift checks it found due, so two
// instances on one database checked each client twice (two detections, two change-log entries,
// two drift.detected notifications). Two workers with their own ids now race through a pass.

let sandbox: RunningSandbox;
const saved = {
  CLOUDFORMATION_ENDPOINT: process.env.CLOUDFORMATION_ENDPOINT,
  DRIFT_CHECK_MINUTES: process.env.DRIFT_CHECK_MINUTES,
  WORKER_LEASE_SECONDS: process.env.WORKER_LEASE_SECONDS,
};

beforeAll(async () => {
  sandbox = await startSandbox();
  // Read by the workers' getEnv on first use (and put back afterwards: worker processes that
  // later suites start inherit this environment).
  process.env.CLOUDFORMATION_ENDPOINT = sandbox.endpoint;
  process.env.AWS_ACCESS_KEY_ID ??= "sandbox";
  process.env.AWS_SECRET_ACCESS_KEY ??= "sandbox";
  process.env.DRIFT_CHECK_MINUTES = "60";
}, 60_000);

afterAll(async () => {
  for (const [name, value] of Object.entries(saved)) {
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
  }
  await sandbox?.stop();
  await db.$disconnect();
});

/** A live client whose stack exists in the sandbox and has never been checked for drift. */
async function liveClient(am: Awaited<ReturnType<typeof makeUser>>) {
  const request = await onboardClient(am, {
    displayName: uniqueClientName("Drifty"),
    environment: "staging",
    region: "us-east-1",
    blueprintId: "stateless-web",
    sizeId: "medium",
  });
  await markLive(request.id);
  const client = await db.client.findUniqueOrThrow({ where: { id: request.clientId } });
  const cf = sandbox.client();
  const { StackId } = await cf.send(
    new CreateStackCommand({ StackName: client.stackName, TemplateBody: "Resources:\n  Topic:\n    Type: AWS::SNS::Topic\n" }),
  );
  await waitForStack(cf, client.stackName);
  return db.client.update({ where: { id: client.id }, data: { stackId: StackId } });
}

/** A second copy of the worker modules: its own WORKER_ID, as in another portal instance. */
async function workerInstance() {
  vi.resetModules();
  const [{ workOnce }, { WORKER_ID }, { startWorker, stopWorker }] = await Promise.all([
    import("./pass"),
    import("./leases"),
    import("./scheduler"),
  ]);
  return { workOnce, WORKER_ID, startWorker, stopWorker };
}

it("two workers on one database run each due scheduled drift check once", async () => {
  const am = await makeUser("ACCOUNT_MANAGER");
  const clients = await Promise.all([liveClient(am), liveClient(am), liveClient(am)]);
  const [a, b] = [await workerInstance(), await workerInstance()];
  expect(a.WORKER_ID).not.toBe(b.WORKER_ID);
  // Only these three are due: live clients of earlier test files (same database) were just checked.
  await db.client.updateMany({ where: { id: { notIn: clients.map((c) => c.id) } }, data: { driftCheckedAt: new Date() } });

  await Promise.all([a.workOnce(), b.workOnce()]);
  // Checked now, so not due again for an hour: another pass of both changes nothing.
  await Promise.all([a.workOnce(), b.workOnce()]);

  const ids = clients.map((c) => c.id);
  const entries = await db.auditEntry.findMany({
    where: { action: "stack.drift", clientId: { in: ids } },
    select: { clientId: true, actorLabel: true },
  });
  expect(entries.map((e) => e.clientId).sort()).toEqual([...ids].sort());
  expect(entries.every((e) => e.actorLabel === "drift schedule")).toBe(true);
  const checked = await db.client.findMany({ where: { id: { in: ids } }, select: { driftStatus: true, driftCheckedAt: true } });
  expect(checked.every((c) => c.driftStatus === "IN_SYNC" && c.driftCheckedAt !== null)).toBe(true);
}, 120_000);

// Guards the fix that moved scheduled drift checks beside the passes: a check waits for
// CloudFormation (here 8 s for DetectStackDrift), and while it did so inside a pass, no lease was
// renewed and another instance took over the launches this one was following.
it("a slow scheduled drift check holds up no lease renewal", async () => {
  const am = await makeUser("ACCOUNT_MANAGER");
  const eng = await makeUser("ENGINEER");
  const drifting = await liveClient(am);
  await sandbox.control("/_sandbox/faults", {
    body: [
      { kind: "latency", ms: 8000, count: 1, actions: ["DetectStackDrift"], stackName: drifting.stackName },
      { kind: "slow", resourceType: "AWS::RDS::DBInstance", factor: 60 }, // keeps the launch in flight for ~18 s
    ],
  });
  const request = await onboardClient(am, {
    displayName: uniqueClientName("Leaseco"),
    environment: "staging",
    region: "us-east-1",
    blueprintId: "stateless-web",
    sizeId: "medium",
  });
  await approveRequest(eng, { requestId: request.id, version: request.version });
  process.env.WORKER_LEASE_SECONDS = "3"; // renewed on every 0.2-s pass; gone 3 s after the last
  const worker = await workerInstance();
  worker.startWorker(200);
  try {
    const operation = await waitFor(
      "the launch to be followed",
      async () => {
        const op = await db.operation.findUnique({ where: { requestId: request.id } });
        return op?.phase === "IN_PROGRESS" && op.leaseOwner === worker.WORKER_ID && op;
      },
      60_000,
      100,
    );
    // The latency fault is used up when the check's DetectStackDrift arrives, and answered 8 s later.
    await waitFor(
      "the drift check to wait on CloudFormation",
      async () => !(await sandbox.control<{ kind: string }[]>("/_sandbox/faults")).some((f) => f.kind === "latency"),
      30_000,
      100,
    );

    // For 4 s of the 8 the check waits (longer than the lease), the lease stays ahead of the clock and keeps moving.
    const seen = new Set<number>();
    for (let i = 0; i < 16; i++) {
      const { leaseUntil, leaseOwner, phase } = await db.operation.findUniqueOrThrow({ where: { id: operation.id } });
      expect(phase).toBe("IN_PROGRESS");
      expect(leaseOwner).toBe(worker.WORKER_ID);
      expect(leaseUntil!.getTime()).toBeGreaterThan(Date.now());
      seen.add(leaseUntil!.getTime());
      await new Promise((r) => setTimeout(r, 250));
    }
    expect(seen.size).toBeGreaterThanOrEqual(4);
    expect(await db.auditEntry.count({ where: { action: "stack.drift", clientId: drifting.id } })).toBe(0); // still waiting

    // The check then finishes as usual, and so does the launch (nothing is left in flight for later suites).
    await waitFor(
      "the drift check to finish",
      async () => (await db.auditEntry.count({ where: { action: "stack.drift", clientId: drifting.id } })) === 1,
      30_000,
      200,
    );
    await waitFor(
      "the launch to finish",
      async () => (await db.changeRequest.findUniqueOrThrow({ where: { id: request.id } })).state === "SUCCEEDED",
      90_000,
      250,
    );
  } finally {
    worker.stopWorker();
    await sandbox.control("/_sandbox/faults", { method: "DELETE" });
  }
}, 120_000);
