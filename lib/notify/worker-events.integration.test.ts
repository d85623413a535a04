import { afterAll, beforeAll, expect, it } from "vitest";
import { startSandbox, type RunningSandbox } from "../../sandbox/testing/spawn";
import { db } from "../db";
import { onboardClient } from "../changes/onboard-client";
import { approveRequest } from "../changes/decide";
import { detectClientDrift } from "../tracker/drift";
import { makeUser, uniqueClientName } from "../../test/support/fixtures";
import { startWorkerProcess, waitFor, type WorkerProcess } from "../../test/support/worker-process";
import { startWebhookReceiver } from "../../test/support/webhook-receiver";
import { createEndpoint } from "./endpoints";

// The worker process (npm run worker) finishes a real launch in the sandbox and, from its own
// loop, sends the launch.succeeded notification; a drift check then sends drift.detected.

let sandbox: RunningSandbox;
let worker: WorkerProcess | undefined;
let receiver: Awaited<ReturnType<typeof startWebhookReceiver>>;
let endpointId: string | undefined;

beforeAll(async () => {
  [sandbox, receiver] = await Promise.all([startSandbox({ speed: 200 }), startWebhookReceiver()]);
  // This process asks the sandbox for drift (getEnv is read on first use).
  process.env.CLOUDFORMATION_ENDPOINT = sandbox.endpoint;
  process.env.AWS_ACCESS_KEY_ID ??= "sandbox";
  process.env.AWS_SECRET_ACCESS_KEY ??= "sandbox";
  // The receiver listens on 127.0.0.1 (this process saves the endpoint, the worker delivers).
  process.env.WEBHOOK_ALLOW_PRIVATE_TARGETS = "true";
}, 60_000);

afterAll(async () => {
  await worker?.stop();
  if (endpointId) await db.webhookEndpoint.deleteMany({ where: { id: endpointId } });
  await Promise.all([sandbox?.stop(), receiver?.close()]);
  await db.$disconnect();
});

it("sends launch.succeeded from the worker's loop and drift.detected after a drift check, signed", async () => {
  const [admin, am, eng] = await Promise.all([makeUser("ADMIN"), makeUser("ACCOUNT_MANAGER"), makeUser("ENGINEER")]);
  const created = await createEndpoint(admin, {
    url: receiver.url,
    description: "worker events",
    events: ["launch.succeeded", "launch.failed", "drift.detected"],
  });
  endpointId = created.id;
  receiver.secret = created.secret;

  const request = await onboardClient(am, {
    displayName: uniqueClientName("Notified"),
    environment: "staging",
    region: "us-east-1",
    blueprintId: "stateless-web",
    sizeId: "medium",
  });
  await approveRequest(eng, { requestId: request.id, version: request.version });
  worker = startWorkerProcess({
    CLOUDFORMATION_ENDPOINT: sandbox.endpoint,
    DATABASE_URL: process.env.DATABASE_URL!,
    NEXTAUTH_SECRET: process.env.NEXTAUTH_SECRET!,
    WEBHOOK_ALLOW_PRIVATE_TARGETS: "true",
  });

  // Other approved requests in a shared test database launch too; this one's is the one to find.
  const ours = (event: string) =>
    receiver.received.filter((r) => r.json.event === event && JSON.stringify(r.json.data).includes(request.clientId));
  const launched = await waitFor("launch.succeeded to arrive", async () => ours("launch.succeeded")[0], 120_000);
  expect(launched.signatureValid).toBe(true);
  expect(launched.json.data).toMatchObject({
    request: { id: request.id, kind: "CREATE", state: "SUCCEEDED" },
    operation: { kind: "CREATE", stackStatus: "CREATE_COMPLETE", reason: null },
    client: { id: request.clientId },
  });
  // The worker records the answer after the receiver has the request (and answered it).
  await expect
    .poll(() => db.webhookDelivery.findUniqueOrThrow({ where: { id: String(launched.headers["x-stackport-delivery"]) } }))
    .toMatchObject({
      status: "DELIVERED",
      attempts: 1,
      event: "launch.succeeded",
    });

  // Someone changes the database class outside CloudFormation; a check finds it.
  const client = await db.client.findUniqueOrThrow({ where: { id: request.clientId } });
  await sandbox.control("/_sandbox/faults", {
    body: [{ kind: "drift", stackName: client.stackName, logicalId: "Database", property: "DBInstanceClass", value: "db.t3.large" }],
  });
  const drift = await detectClientDrift(client.id, { id: eng.id, label: eng.email });
  expect(drift.driftStatus).toBe("DRIFTED");
  const drifted = await waitFor("drift.detected to arrive", async () => ours("drift.detected")[0], 30_000);
  expect(drifted.signatureValid).toBe(true);
  expect(drifted.json.data).toMatchObject({
    client: { id: client.id, slug: client.slug },
    driftStatus: "DRIFTED",
    resources: [{ logicalId: "Database", status: "MODIFIED" }],
  });
  expect(ours("launch.succeeded")).toHaveLength(1);
});
