import { randomBytes } from "node:crypto";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { db } from "../db";
import { resetEnv } from "../env";
import type { SessionUser } from "../auth/roles";
import { makeUser } from "../../test/support/fixtures";
import { startWebhookReceiver } from "../../test/support/webhook-receiver";
import { createEndpoint, rotateEndpointSecret } from "./endpoints";
import { deliverDue } from "./deliver";
import { enqueue } from "./enqueue";

// Security review I3: webhook signing secrets were stored in the clear, so a database read (a
// backup, a replica) was enough to sign notifications every receiver would trust. Now the row holds
// AES-256-GCM ciphertext under WEBHOOK_SECRET_KEY, which lives in configuration only.

process.env.WEBHOOK_ALLOW_PRIVATE_TARGETS = "true";
process.env.WEBHOOK_TIMEOUT_MS = "2000";
const KEY_A = randomBytes(32).toString("base64");
const KEY_B = randomBytes(32).toString("base64");
const useKey = (key: string | undefined) => {
  if (key) process.env.WEBHOOK_SECRET_KEY = key;
  else delete process.env.WEBHOOK_SECRET_KEY;
  resetEnv();
};

let admin: SessionUser;
const endpoints: string[] = [];
const closers: (() => Promise<void>)[] = [];

beforeAll(async () => {
  admin = await makeUser("ADMIN");
});
afterEach(async () => {
  await db.webhookEndpoint.deleteMany({ where: { id: { in: endpoints.splice(0) } } });
  await Promise.all(closers.splice(0).map((close) => close()));
  useKey(undefined);
});
afterAll(async () => {
  await db.$disconnect();
});

async function receiver() {
  const hook = await startWebhookReceiver();
  closers.push(() => hook.close());
  return hook;
}
const storedSecret = async (id: string) => (await db.webhookEndpoint.findUniqueOrThrow({ where: { id }, select: { secret: true } })).secret;
const ping = (endpointId: string) => db.$transaction((tx) => enqueue(tx, "ping", { test: true }, { endpointId }));
const deliveries = (endpointId: string) => db.webhookDelivery.findMany({ where: { endpointId }, orderBy: { createdAt: "asc" } });

describe("webhook signing secrets at rest", () => {
  it("the row never holds the secret, and deliveries are still signed with it; so after a rotation", async () => {
    useKey(KEY_A);
    const hook = await receiver();
    const { id, secret } = await createEndpoint(admin, { url: hook.url, description: "at rest", events: ["launch.failed"] });
    endpoints.push(id);
    const stored = await storedSecret(id);
    expect(stored).toMatch(/^v1:[A-Za-z0-9_-]+$/);
    expect(stored).not.toContain(secret);
    expect(stored).not.toContain(secret.slice("whsec_".length, 20));

    hook.secret = secret;
    await ping(id);
    await deliverDue();
    expect(hook.received.map((r) => r.signatureValid)).toEqual([true]);

    const { secret: rotated } = await rotateEndpointSecret(admin, id);
    const storedAfter = await storedSecret(id);
    expect(storedAfter).toMatch(/^v1:/);
    expect(storedAfter).not.toBe(stored);
    expect(storedAfter).not.toContain(rotated);
    hook.secret = rotated;
    await ping(id);
    await deliverDue();
    expect(hook.received.map((r) => r.signatureValid)).toEqual([true, true]);
  });

  it("encrypts a secret stored in the clear before encryption existed, and keeps signing with it", async () => {
    useKey(KEY_A);
    const hook = await receiver();
    const legacy = `whsec_${randomBytes(32).toString("base64url")}`;
    const { id } = await db.webhookEndpoint.create({
      data: { url: hook.url, secret: legacy, events: JSON.stringify(["launch.failed"]), createdById: admin.id },
    });
    endpoints.push(id);
    hook.secret = legacy;
    await ping(id);
    await deliverDue();
    expect(hook.received.map((r) => r.signatureValid)).toEqual([true]);
    const stored = await storedSecret(id);
    expect(stored).toMatch(/^v1:/);
    expect(stored).not.toContain(legacy);
  });

  it("a row copied to an installation with another key cannot be decrypted there, and the delivery log says why", async () => {
    useKey(KEY_A);
    const hook = await receiver();
    const { id, secret } = await createEndpoint(admin, { url: hook.url, description: "copied", events: ["launch.failed"] });
    endpoints.push(id);
    hook.secret = secret;
    await ping(id);

    useKey(KEY_B); // the other installation
    await deliverDue();
    expect(hook.received).toHaveLength(0);
    expect(await deliveries(id)).toMatchObject([
      {
        status: "PENDING",
        attempts: 1,
        lastError:
          "The signing secret cannot be decrypted with this installation's WEBHOOK_SECRET_KEY; rotate the secret or restore the key",
      },
    ]);

    // Rotating the secret there is the way out: the next attempt is signed with the new one.
    const { secret: fresh } = await rotateEndpointSecret(admin, id);
    hook.secret = fresh;
    await db.webhookDelivery.updateMany({ where: { endpointId: id }, data: { nextAttemptAt: new Date() } });
    await deliverDue();
    expect(hook.received.map((r) => r.signatureValid)).toEqual([true]);
  });
});
