import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { db } from "../db";
import type { SessionUser } from "../auth/roles";
import { makeUser, uniqueClientName } from "../../test/support/fixtures";
import { deadEndpointUrl, startWebhookReceiver } from "../../test/support/webhook-receiver";
import { onboardClient } from "../changes/onboard-client";
import { approveRequest, rejectRequest } from "../changes/decide";
import { createEndpoint, deleteEndpoint, retryDelivery, rotateEndpointSecret, sendTestPing } from "./endpoints";
import { deliverDue, deliverInBackground } from "./deliver";
import { enqueue } from "./enqueue";
import { listDeliveries, listEndpoints } from "./queries";
import type { WebhookEvent } from "./events";

// Small numbers so retries happen within a test: attempt 2 comes 200 ms after the first
// failure, attempt 3 800 ms after the second, and there is no fourth.
// The receivers listen on 127.0.0.1.
process.env.WEBHOOK_ALLOW_PRIVATE_TARGETS = "true";
process.env.WEBHOOK_BACKOFF_MS = "200";
process.env.WEBHOOK_MAX_ATTEMPTS = "3";
process.env.WEBHOOK_TIMEOUT_MS = "2000";

let admin: SessionUser, am: SessionUser, eng: SessionUser;
const receivers: { close(): Promise<void> }[] = [];
const endpoints: string[] = [];

beforeAll(async () => {
  [admin, am, eng] = await Promise.all([makeUser("ADMIN"), makeUser("ACCOUNT_MANAGER"), makeUser("ENGINEER")]);
});
afterEach(async () => {
  await deliverInBackground(); // a run a ping or retry started finishes before its endpoint goes
  await db.webhookEndpoint.deleteMany({ where: { id: { in: endpoints.splice(0) } } });
  await Promise.all(receivers.splice(0).map((r) => r.close()));
});
afterAll(async () => {
  await db.$disconnect();
});

async function receiver(respond?: (n: number) => number | "hang") {
  const r = await startWebhookReceiver({ respond });
  receivers.push(r);
  return r;
}

async function endpoint(url: string, events: WebhookEvent[]) {
  const created = await createEndpoint(admin, { url, description: "test receiver", events });
  endpoints.push(created.id);
  return created;
}

const onboard = () =>
  onboardClient(am, {
    displayName: uniqueClientName("Hooked"),
    environment: "production",
    region: "us-east-1",
    blueprintId: "stateless-web",
    sizeId: "medium",
  });
const deliveries = (endpointId: string) => db.webhookDelivery.findMany({ where: { endpointId }, orderBy: { createdAt: "asc" } });
// sendTestPing also starts a delivery run at once; tests that count runs queue pings without it.
const queuePing = (endpointId: string) => db.$transaction((tx) => enqueue(tx, "ping", { test: true }, { endpointId }));
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Runs delivery passes until nothing is queued for the endpoint (or the deadline passes). */
async function drain(endpointId: string, deadlineMs = 15_000) {
  const until = Date.now() + deadlineMs;
  while (Date.now() < until) {
    await deliverDue();
    if (!(await db.webhookDelivery.count({ where: { endpointId, status: "PENDING" } }))) return;
    await sleep(100);
  }
  throw new Error("deliveries still pending at the deadline");
}

describe("webhook notifications", () => {
  it("an approval queues a signed request.approved in its own transaction, and delivery sends it", async () => {
    const hook = await receiver();
    const { id, secret } = await endpoint(hook.url, ["approval.needed", "request.approved"]);
    hook.secret = secret;

    const request = await onboard();
    await approveRequest(eng, { requestId: request.id, version: request.version });
    // Queued with the change, nothing sent yet.
    expect((await deliveries(id)).map((d) => [d.event, d.status])).toEqual([
      ["approval.needed", "PENDING"],
      ["request.approved", "PENDING"],
    ]);
    expect(hook.received).toHaveLength(0);

    await deliverDue();
    expect(hook.received.map((r) => [r.headers["x-stackport-event"], r.signatureValid])).toEqual([
      ["approval.needed", true],
      ["request.approved", true],
    ]);
    const approved = hook.received[1];
    expect(approved.headers["content-type"]).toBe("application/json");
    expect(approved.json).toMatchObject({
      event: "request.approved",
      data: { request: { id: request.id, kind: "CREATE", state: "APPROVED", approvedBy: [eng.email] }, client: { id: request.clientId } },
    });
    const rows = await deliveries(id);
    expect(approved.headers["x-stackport-delivery"]).toBe(rows[1].id);
    expect(approved.body).toBe(rows[1].payload); // the exact bytes stored are the bytes signed
    expect(rows.map((d) => [d.status, d.attempts, d.lastStatusCode])).toEqual([
      ["DELIVERED", 1, 204],
      ["DELIVERED", 1, 204],
    ]);

    // Endpoints get only what they subscribe to: a rejection is not sent here.
    const other = await onboard();
    await rejectRequest(eng, { requestId: other.id, version: other.version, comment: "Not this quarter" });
    expect((await deliveries(id)).filter((d) => d.event === "request.rejected")).toHaveLength(0);
  });

  it("retries a receiver answering 500 with growing waits and delivers on the third attempt", async () => {
    const hook = await receiver((n) => (n <= 2 ? 500 : 200));
    const { id, secret } = await endpoint(hook.url, ["drift.detected"]);
    hook.secret = secret;
    await queuePing(id);

    const first = await deliverDue();
    expect(first).toMatchObject({ attempted: 1, delivered: 0 });
    let [row] = await deliveries(id);
    expect(row).toMatchObject({ status: "PENDING", attempts: 1, lastStatusCode: 500, lastError: "HTTP 500" });
    const firstWait = row.nextAttemptAt.getTime() - Date.now();
    expect(firstWait).toBeGreaterThan(50);
    expect(firstWait).toBeLessThanOrEqual(240);
    // Not due yet: an immediate pass sends nothing.
    expect(await deliverDue()).toMatchObject({ attempted: 0 });

    await sleep(firstWait + 20);
    await deliverDue();
    [row] = await deliveries(id);
    expect(row).toMatchObject({ status: "PENDING", attempts: 2, lastStatusCode: 500 });
    const secondWait = row.nextAttemptAt.getTime() - Date.now();
    expect(secondWait).toBeGreaterThan(500); // 4 × the first, less jitter

    await sleep(secondWait + 20);
    expect(await deliverDue()).toMatchObject({ attempted: 1, delivered: 1 });
    [row] = await deliveries(id);
    expect(row).toMatchObject({ status: "DELIVERED", attempts: 3, lastStatusCode: 200, lastError: null });
    expect(row.deliveredAt).not.toBeNull();
    // Three requests for one delivery: same id, same body, each freshly signed.
    expect(new Set(hook.received.map((r) => r.headers["x-stackport-delivery"]))).toEqual(new Set([row.id]));
    expect(new Set(hook.received.map((r) => r.body)).size).toBe(1);
    expect(hook.received.every((r) => r.signatureValid)).toBe(true);
  });

  it("a dead or hanging receiver never fails or holds up the approval; its deliveries end FAILED and can be retried", async () => {
    const hanging = await receiver(() => "hang");
    const dead = await endpoint(await deadEndpointUrl(), ["request.approved"]);
    const slow = await endpoint(hanging.url, ["request.approved", "approval.needed"]);

    const first = await onboard();
    const second = await onboard();
    // A delivery pass is stuck on the hanging receiver while a person approves.
    const stuck = deliverDue();
    await expect.poll(() => hanging.open, { timeout: 1500 }).toBe(2); // the two approval.needed
    await approveRequest(eng, { requestId: first.id, version: first.version });
    expect(hanging.open).toBe(2); // the approval committed while the receiver still held both requests
    expect((await db.changeRequest.findUniqueOrThrow({ where: { id: first.id } })).state).toBe("APPROVED");
    await stuck;

    await approveRequest(eng, { requestId: second.id, version: second.version });
    await drain(dead.id);
    await drain(slow.id);
    const deadRows = await deliveries(dead.id);
    expect(deadRows.map((d) => [d.status, d.attempts, d.lastStatusCode, d.lastError])).toEqual([
      ["FAILED", 3, null, "Connection refused"],
      ["FAILED", 3, null, "Connection refused"],
    ]);
    expect(
      (await deliveries(slow.id)).every((d) => d.status === "FAILED" && d.attempts === 3 && d.lastError === "No answer within 2000 ms"),
    ).toBe(true);
    for (const r of [first, second]) expect((await db.changeRequest.findUniqueOrThrow({ where: { id: r.id } })).state).toBe("APPROVED");

    // "Retry now" gives a failed delivery a new round; only a failed one.
    await retryDelivery(admin, { endpointId: dead.id, deliveryId: deadRows[0].id });
    const retried = await db.webhookDelivery.findUniqueOrThrow({ where: { id: deadRows[0].id } });
    expect(retried.status).toBe("PENDING");
    expect(retried.attempts).toBeGreaterThanOrEqual(3); // retrying starts a run at once, which may have tried already
    await expect(retryDelivery(admin, { endpointId: dead.id, deliveryId: deadRows[0].id })).rejects.toThrow(
      "Only a failed delivery can be retried",
    );
  });

  it("a manual retry keeps counting attempts: a new round after the three failed ones, shown in the log and the audit entry", async () => {
    // Guards a bug: "Retry now" reset the attempt count to 0 while its audit entry kept the old count.
    const hook = await receiver((n) => (n <= 5 ? 500 : 200));
    const { id, secret } = await endpoint(hook.url, ["launch.failed"]);
    hook.secret = secret;
    await queuePing(id);
    await drain(id);
    let [row] = await deliveries(id);
    expect(row).toMatchObject({ status: "FAILED", attempts: 3, manualRetries: 0, lastRetriedAt: null });

    await retryDelivery(admin, { endpointId: id, deliveryId: row.id });
    await deliverInBackground(); // the run the retry started
    [row] = await deliveries(id);
    expect(row).toMatchObject({ status: "PENDING", attempts: 4, manualRetries: 1, lastStatusCode: 500 });
    // The new round waits as a first failure does (200 ms), not as a fourth (12.8 s).
    expect(row.nextAttemptAt.getTime() - Date.now()).toBeLessThanOrEqual(240);
    await drain(id);
    [row] = await deliveries(id);
    expect(row).toMatchObject({ status: "DELIVERED", attempts: 6, manualRetries: 1, lastStatusCode: 200 });
    expect(hook.received).toHaveLength(6);
    expect(new Set(hook.received.map((r) => r.headers["x-stackport-delivery"]))).toEqual(new Set([row.id]));

    // The delivery log shows the count and the retry; the audit entry agrees with it.
    const { deliveries: log } = await listDeliveries(id);
    expect(log[0]).toMatchObject({ attempts: 6, manualRetries: 1, lastRetriedAt: row.lastRetriedAt });
    const audit = await db.auditEntry.findMany({ where: { entityId: row.id, action: "webhook.retry" } });
    expect(audit).toHaveLength(1);
    expect(audit[0].actorId).toBe(admin.id);
    expect(JSON.parse(audit[0].before!)).toMatchObject({ status: "FAILED", attempts: 3, manualRetries: 0, lastError: "HTTP 500" });
    expect(JSON.parse(audit[0].after!)).toMatchObject({ status: "PENDING", attempts: 3, manualRetries: 1 });

    // A round that fails again ends FAILED after three more attempts, still counted on.
    const failing = await receiver(() => 500);
    const other = await endpoint(failing.url, ["launch.failed"]);
    await queuePing(other.id);
    await drain(other.id);
    const [failed] = await deliveries(other.id);
    await retryDelivery(admin, { endpointId: other.id, deliveryId: failed.id });
    await deliverInBackground();
    await drain(other.id);
    expect(await deliveries(other.id)).toMatchObject([{ status: "FAILED", attempts: 6, manualRetries: 1 }]);
    expect(failing.received).toHaveLength(6);
  });

  it("two delivery passes at once send each delivery exactly once", async () => {
    const hook = await receiver();
    const { id, secret } = await endpoint(hook.url, ["launch.failed"]);
    hook.secret = secret;
    for (let i = 0; i < 12; i++) await queuePing(id);

    const [a, b] = await Promise.all([deliverDue(), deliverDue()]);
    expect(a.attempted + b.attempted).toBe(12);
    const ids = hook.received.map((r) => r.headers["x-stackport-delivery"]);
    expect(ids).toHaveLength(12);
    expect(new Set(ids).size).toBe(12);
    expect((await deliveries(id)).every((d) => d.status === "DELIVERED" && d.attempts === 1)).toBe(true);
  });

  it("keeps the secret out of listings and the change log; rotation signs with the new secret only", async () => {
    const hook = await receiver();
    const { id, secret } = await endpoint(hook.url, ["launch.succeeded"]);
    const { secret: rotated } = await rotateEndpointSecret(admin, id);
    expect(rotated).not.toBe(secret);

    const listed = (await listEndpoints()).find((e) => e.id === id)!;
    expect(listed).not.toHaveProperty("secret");
    expect(listed.events).toEqual(["launch.succeeded"]);

    hook.secret = secret;
    await sendTestPing(admin, id);
    await expect.poll(() => hook.received.length).toBe(1); // the ping is sent straight away
    expect(hook.received[0].signatureValid).toBe(false);
    hook.secret = rotated;
    await sendTestPing(admin, id);
    await expect.poll(() => hook.received.length).toBe(2);
    expect(hook.received[1].signatureValid).toBe(true);

    await deleteEndpoint(admin, id);
    expect(await db.webhookDelivery.count({ where: { endpointId: id } })).toBe(0);
    const entries = await db.auditEntry.findMany({ where: { entityId: id }, orderBy: { seq: "asc" } });
    expect(entries.map((e) => e.action)).toEqual([
      "webhook.create",
      "webhook.rotate_secret",
      "webhook.ping",
      "webhook.ping",
      "webhook.delete",
    ]);
    const logged = JSON.stringify(entries);
    expect(logged).not.toContain(secret);
    expect(logged).not.toContain(rotated);
  });

  it("refuses plain http to another host and credentials in the URL, on the url field", async () => {
    await expect(
      createEndpoint(admin, { url: "http://hooks.example.com/x", description: "", events: ["launch.failed"] }),
    ).rejects.toMatchObject({ fieldErrors: { url: [expect.stringContaining("Use https://")] } });
    await expect(
      createEndpoint(admin, { url: "https://u:p@hooks.example.com/x", description: "", events: ["launch.failed"] }),
    ).rejects.toMatchObject({ fieldErrors: { url: [expect.stringContaining("credentials")] } });
  });
});
