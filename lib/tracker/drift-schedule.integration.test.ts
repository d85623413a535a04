import { afterAll, beforeAll, expect, it, vi } from "vitest";
import { CreateStackCommand } from "@aws-sdk/client-cloudformation";
import { startSandbox, waitForStack, type RunningSandbox } from "../../sandbox/testing/spawn";
import { db } from "../db";
import { onboardClient } from "../changes/create-request";
import { makeUser, markLive, uniqueClientName } from "../testing/fixtures";

// Guards a bug: every portal instance ran the scheduled drift checks it found due, so two
// instances on one database checked each client twice (two detections, two change-log entries,
// two drift.detected notifications). Two workers with their own ids now race through a pass.

let sandbox: RunningSandbox;
const saved = { CLOUDFORMATION_ENDPOINT: process.env.CLOUDFORMATION_ENDPOINT, DRIFT_CHECK_MINUTES: process.env.DRIFT_CHECK_MINUTES };

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
  const request = await onboardClient(am, { displayName: uniqueClientName("Drifty"), environment: "staging", region: "us-east-1", blueprintId: "stateless-web", sizeId: "medium" });
  await markLive(request.id);
  const client = await db.client.findUniqueOrThrow({ where: { id: request.clientId } });
  const cf = sandbox.client();
  const { StackId } = await cf.send(new CreateStackCommand({ StackName: client.stackName, TemplateBody: "Resources:\n  Topic:\n    Type: AWS::SNS::Topic\n" }));
  await waitForStack(cf, client.stackName);
  return db.client.update({ where: { id: client.id }, data: { stackId: StackId } });
}

/** A second copy of the worker module: its own WORKER_ID, as in another portal instance. */
async function workerInstance() {
  vi.resetModules();
  return import("./worker");
}

it("two workers on one database run each due scheduled drift check once", async () => {
  const am = await makeUser("ACCOUNT_MANAGER");
  const clients = await Promise.all([liveClient(am), liveClient(am), liveClient(am)]);
  const [a, b] = [await workerInstance(), await workerInstance()];
  expect(a.WORKER_ID).not.toBe(b.WORKER_ID);

  await Promise.all([a.workOnce(), b.workOnce()]);
  // Checked now, so not due again for an hour: another pass of both changes nothing.
  await Promise.all([a.workOnce(), b.workOnce()]);

  const ids = clients.map((c) => c.id);
  const entries = await db.auditEntry.findMany({ where: { action: "stack.drift", clientId: { in: ids } }, select: { clientId: true, actorLabel: true } });
  expect(entries.map((e) => e.clientId).sort()).toEqual([...ids].sort());
  expect(entries.every((e) => e.actorLabel === "drift schedule")).toBe(true);
  const checked = await db.client.findMany({ where: { id: { in: ids } }, select: { driftStatus: true, driftCheckedAt: true } });
  expect(checked.every((c) => c.driftStatus === "IN_SYNC" && c.driftCheckedAt !== null)).toBe(true);
}, 120_000);
