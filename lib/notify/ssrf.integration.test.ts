import { createServer, type Server } from "node:net";
import type { AddressInfo } from "node:net";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { db } from "../db";
import { resetEnv } from "../env";
import type { SessionUser } from "../auth/roles";
import { makeUser } from "../../test/support/fixtures";
import { startWebhookReceiver } from "../../test/support/webhook-receiver";
import { createEndpoint } from "./endpoints";
import { deliverDue } from "./deliver";
import { enqueue } from "./enqueue";
import type { Resolve } from "./pinned-post";

// Security review L1: the endpoint guard read the URL as text, so a name resolving to a private
// address (or 127.0.0.1 itself: the sandbox's control API) received the portal's POSTs, and the
// connection resolved the name again after any check. Now every delivery resolves the name,
// refuses private, loopback, link-local and metadata addresses, and connects to the address it checked.

process.env.WEBHOOK_ALLOW_HTTP = "true"; // plain http to the test listeners
process.env.WEBHOOK_TIMEOUT_MS = "2000";
process.env.WEBHOOK_BACKOFF_MS = "200";
process.env.WEBHOOK_MAX_ATTEMPTS = "3";
const setPrivateTargets = (value: string) => {
  process.env.WEBHOOK_ALLOW_PRIVATE_TARGETS = value;
  resetEnv();
};

let admin: SessionUser;
const endpoints: string[] = [];
const closers: (() => Promise<void>)[] = [];

beforeAll(async () => {
  admin = await makeUser("ADMIN");
});
// The counts below are of this file's deliveries: earlier test files (same database, run before
// this one) may leave deliveries pending, which the delivery run would otherwise attempt too.
beforeEach(async () => {
  await db.webhookDelivery.updateMany({
    where: { status: "PENDING" },
    data: { status: "FAILED", lastError: "left by an earlier test file" },
  });
});
afterEach(async () => {
  await db.webhookEndpoint.deleteMany({ where: { id: { in: endpoints.splice(0) } } });
  await Promise.all(closers.splice(0).map((close) => close()));
  setPrivateTargets("false");
});
afterAll(async () => {
  delete process.env.WEBHOOK_ALLOW_PRIVATE_TARGETS;
  resetEnv();
  await db.$disconnect();
});

/** A TCP listener on 127.0.0.1 that counts the connections it accepts (and answers none). */
async function countingListener() {
  const state = { accepted: 0 };
  const server: Server = createServer((socket) => {
    state.accepted++;
    socket.destroy();
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  closers.push(() => new Promise<void>((resolve) => server.close(() => resolve())));
  return { port: (server.address() as AddressInfo).port, state };
}

/** An endpoint row as one saved before this check existed (or saved while its name was public). */
async function savedEndpoint(url: string) {
  setPrivateTargets("true");
  const created = await createEndpoint(admin, { url, description: "ssrf", events: ["launch.failed"] });
  setPrivateTargets("false");
  endpoints.push(created.id);
  await db.$transaction((tx) => enqueue(tx, "ping", { test: true }, { endpointId: created.id }));
  return created;
}

const stub =
  (answers: Record<string, string[]>, calls: string[] = []): Resolve =>
  async (hostname) => {
    calls.push(hostname);
    const addresses = answers[hostname];
    if (!addresses) throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: "ENOTFOUND" });
    return addresses.map((address) => ({ address, family: address.includes(":") ? 6 : 4 }));
  };

const deliveries = (endpointId: string) => db.webhookDelivery.findMany({ where: { endpointId } });

describe("webhook deliveries go only where they may", () => {
  it.each([
    ["webhook.example", ["10.0.0.5"], "refused: webhook.example resolves to 10.0.0.5, a private address"],
    ["metadata.example", ["::ffff:169.254.169.254"], "refused: metadata.example resolves to 169.254.169.254, a cloud metadata address"],
    ["mixed.example", ["93.184.215.14", "fd00::5"], "refused: mixed.example resolves to fd00::5, a unique-local address"],
    ["nat.example", ["100.64.1.1"], "refused: nat.example resolves to 100.64.1.1, a carrier-grade NAT address"],
  ])("%s resolving to %j is refused once, recorded in the delivery log, and not retried", async (name, addresses, sentence) => {
    const { id } = await savedEndpoint(`https://${name}/hooks`);
    const resolve = stub({ [name]: addresses });
    expect(await deliverDue({ resolve })).toMatchObject({ attempted: 1, failed: 1 });
    expect(await deliveries(id)).toMatchObject([{ status: "FAILED", attempts: 1, lastStatusCode: null, lastError: sentence }]);
    expect(await deliverDue({ resolve })).toMatchObject({ attempted: 0 });
  });

  it("makes no connection to a refused address: a name resolving to 127.0.0.1, and the literal address", async () => {
    const listener = await countingListener();
    const named = await savedEndpoint(`http://internal.example:${listener.port}/_sandbox/reset`);
    const literal = await savedEndpoint(`http://127.0.0.1:${listener.port}/_sandbox/reset`);
    await deliverDue({ resolve: stub({ "internal.example": ["127.0.0.1"] }) });
    expect(await deliveries(named.id)).toMatchObject([
      { status: "FAILED", lastError: "refused: internal.example resolves to 127.0.0.1, a loopback address" },
    ]);
    expect(await deliveries(literal.id)).toMatchObject([{ status: "FAILED", lastError: "refused: 127.0.0.1 is a loopback address" }]);
    expect(listener.state.accepted).toBe(0);

    // The control: allowed, the same delivery does connect.
    setPrivateTargets("127.0.0.0/8");
    await db.$transaction((tx) => enqueue(tx, "ping", { test: true }, { endpointId: literal.id }));
    await deliverDue();
    expect(listener.state.accepted).toBe(1);
  });

  it("connects to the address it checked: the name is resolved once per attempt, never again by the connection", async () => {
    const hook = await startWebhookReceiver();
    closers.push(() => hook.close());
    const port = new URL(hook.url).port;
    const { id, secret } = await savedEndpoint(`http://rebind.example:${port}/hooks/stackport`);
    hook.secret = secret;
    setPrivateTargets("127.0.0.1/32");
    // A rebinding name: the first answer passes the check, any later one points elsewhere.
    const calls: string[] = [];
    let answered = 0;
    const resolve: Resolve = async (hostname) => {
      calls.push(hostname);
      return [{ address: answered++ === 0 ? "127.0.0.1" : "10.0.0.5", family: 4 }];
    };
    expect(await deliverDue({ resolve })).toMatchObject({ attempted: 1, delivered: 1 });
    expect(calls).toEqual(["rebind.example"]);
    // rebind.example is in no DNS: the request reached the receiver through the checked address.
    expect(hook.received).toHaveLength(1);
    expect(hook.received[0]).toMatchObject({ signatureValid: true, headers: { host: `rebind.example:${port}` } });
    expect(await deliveries(id)).toMatchObject([{ status: "DELIVERED", lastStatusCode: 204 }]);
  });

  it("follows no redirect: a 302 is recorded as such and its target gets nothing", async () => {
    const target = await startWebhookReceiver();
    const redirecting = await startWebhookReceiver({ respond: () => 302 });
    closers.push(
      () => target.close(),
      () => redirecting.close(),
    );
    const { id } = await savedEndpoint(redirecting.url);
    setPrivateTargets("true");
    await deliverDue();
    expect(await deliveries(id)).toMatchObject([
      { status: "PENDING", lastStatusCode: 302, lastError: "HTTP 302: redirects are not followed" },
    ]);
    expect(target.received).toHaveLength(0);
  });

  it("refuses to save a URL whose host is a private, loopback or metadata address, on the url field", async () => {
    const save = (url: string) => createEndpoint(admin, { url, description: "", events: ["launch.failed"] });
    const hint = "; set WEBHOOK_ALLOW_PRIVATE_TARGETS to send to an internal receiver";
    await expect(save("http://127.0.0.1:4599/_sandbox/reset")).rejects.toMatchObject({
      fieldErrors: { url: [`127.0.0.1 is a loopback address${hint}`] },
    });
    await expect(save("https://10.0.0.5/hook")).rejects.toMatchObject({ fieldErrors: { url: [`10.0.0.5 is a private address${hint}`] } });
    await expect(save("https://[::ffff:169.254.169.254]/")).rejects.toMatchObject({
      fieldErrors: { url: ["169.254.169.254 is a cloud metadata address"] },
    });
    await expect(save("http://localhost:4599/")).rejects.toMatchObject({ fieldErrors: { url: [`localhost is this machine${hint}`] } });
    expect(await db.webhookEndpoint.count({ where: { description: "", url: { contains: "4599" } } })).toBe(0);
  });
});
