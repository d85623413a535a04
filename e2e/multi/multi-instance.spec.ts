import { CloudFormationClient, ListStacksCommand } from "@aws-sdk/client-cloudformation";
import { allStackEvents } from "../../sandbox/testing/spawn";
import { approve, onboard, stamp } from "../support/journeys";
import { USERS, userFor } from "../support/users";
import { LEASE_SECONDS, SANDBOX_URL, SERVED_BY, type PortalInstance } from "./support/cluster";
import type { Request } from "@playwright/test";
import { expect, signedIn, test, verifyAuditChain } from "./support/fixtures";

// Two portal instances on one PostgreSQL database behind a load balancer (issue 7, item 2):
// sessions carry over between instances, a launch survives the SIGKILL of the instance
// tracking it, and parallel writes through both keep the change log one valid chain.

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function until<T>(what: string, probe: () => Promise<T | null | undefined | false>, timeoutMs: number, everyMs = 100): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(everyMs);
  }
}

test("a session signed in on one instance carries on on the other", async ({ cluster, page }) => {
  const am = userFor("ACCOUNT_MANAGER");
  cluster.balancer.pinned = "C";
  const form = await page.goto("/signin");
  expect(form!.headers()[SERVED_BY]).toBe("C");
  await page.getByLabel("Email").fill(am.email);
  await page.getByLabel("Password").fill(am.password);
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
  await expect(page.getByRole("heading", { name: `Welcome, ${am.name.split(" ")[0]}` })).toBeVisible();

  // The load balancer now sends everything to D, which never saw the sign-in. The page's own
  // prefetches are let finish on C first; every page or data request from here on must be
  // answered by D.
  await page.waitForLoadState("networkidle");
  cluster.balancer.pinned = "D";
  const afterPin = new Set<Request>();
  const servedAfterPin: string[] = [];
  // Pages and their data (static chunks may come from the browser's cache, headers and all).
  page.on("request", (request) => {
    if (["document", "fetch", "eventsource"].includes(request.resourceType())) afterPin.add(request);
  });
  page.on("response", (response) => {
    if (afterPin.has(response.request())) servedAfterPin.push(`${response.headers()[SERVED_BY]} ${response.url()}`);
  });
  const home = await page.reload();
  expect(home!.headers()[SERVED_BY]).toBe("D");
  await expect(page.getByRole("heading", { name: `Welcome, ${am.name.split(" ")[0]}` })).toBeVisible();
  await expect(page.getByText(`Signed in as account manager (${am.email}).`)).toBeVisible();
  await page.goto("/clients/new");
  await expect(page.getByLabel("Client name")).toBeVisible();
  // Signed in, D sends the sign-in page home rather than asking again.
  await page.goto("/signin");
  await expect(page).toHaveURL(/\/$/);
  expect(servedAfterPin.length).toBeGreaterThan(0);
  expect(servedAfterPin.filter((line) => !line.startsWith("D "))).toEqual([]);
});

test("an instance killed mid-launch: the other takes the lease over and finishes, with nothing twice", async ({ cluster, browser }) => {
  test.setTimeout(150_000);
  const { db } = cluster;
  const name = `Failover ${stamp()}`;
  const am = await signedIn(browser, "ACCOUNT_MANAGER");
  const requestUrl = await onboard(am, name, "Medium");
  const requestId = new URL(requestUrl).pathname.split("/").pop()!;
  await approve(await signedIn(browser, "ENGINEER"), requestUrl, /^Approved\./);

  type Op = { id: string; token: string; stackName: string; clientId: string; phase: string; leaseOwner: string | null; events: number };
  const readOp = async () =>
    (
      await db.query<Op>(
        `SELECT o.id, o.token, o."stackName", o."clientId", o.phase, o."leaseOwner", (SELECT count(*)::int FROM "StackEvent" e WHERE e."operationId" = o.id) AS events FROM "Operation" o WHERE o."requestId" = $1`,
        [requestId],
      )
    ).rows[0];
  // Mid-launch: in progress, some events already stored (watched from the approval on, while
  // the account manager opens the client page).
  const underway = until(
    "the launch to be under way",
    async () => {
      const op = await readOp();
      return op?.phase === "IN_PROGRESS" && op.leaseOwner && op.events >= 5 ? op : null;
    },
    60_000,
  );
  await am.goto(requestUrl);
  await am.getByRole("link", { name: "client page" }).click();
  await expect(am.getByTestId("stack-status")).toHaveText(/IN_PROGRESS|Starting/);
  const running = await underway;
  const ownerPid = Number(/:(\d+):[^:]+$/.exec(running.leaseOwner!)?.[1]);
  const victim = cluster.instanceOfPid(ownerPid);
  expect(victim, `lease owner ${running.leaseOwner} is one of the two instances`).toBeDefined();
  const survivor: PortalInstance = victim!.name === "C" ? cluster.instances.D : cluster.instances.C;
  const survivorPids = survivor.pids();

  await victim!.kill9();
  const killedAt = Date.now();
  const atKill = await readOp();
  expect(atKill.phase, "the launch was still running when its instance died").toBe("IN_PROGRESS");

  // The survivor claims the operation once the dead instance's lease runs out (plus one pass).
  await until(
    "the survivor to take the lease over",
    async () => {
      const op = await readOp();
      const pid = Number(/:(\d+):[^:]+$/.exec(op.leaseOwner ?? "")?.[1]);
      return survivorPids.includes(pid) || op.phase === "DONE";
    },
    (LEASE_SECONDS + 10) * 1000,
  );
  const takeoverSeconds = (Date.now() - killedAt) / 1000;
  test.info().annotations.push({
    type: "takeover",
    description: `${victim!.name} killed with ${atKill.events} events stored; ${survivor.name} took over after ${takeoverSeconds.toFixed(1)} s (lease ${LEASE_SECONDS} s)`,
  });
  expect(takeoverSeconds).toBeLessThanOrEqual(LEASE_SECONDS + 3);
  expect(survivor.output()).toContain(`"operationId":"${running.id}"`);
  expect(survivor.output()).toMatch(/lease_taken_over/);

  // On screen (the live view reconnects through the load balancer to the survivor).
  await expect(am.getByTestId("stack-status")).toHaveText("CREATE_COMPLETE", { timeout: 60_000 });
  await expect(am.getByText("Active", { exact: true })).toBeVisible();
  const request = (await db.query(`SELECT state FROM "ChangeRequest" WHERE id = $1`, [requestId])).rows[0];
  expect(request.state).toBe("SUCCEEDED");

  // Exactly one stack, and each of its events for this operation stored exactly once.
  const cf = new CloudFormationClient({
    endpoint: SANDBOX_URL,
    region: "us-east-1",
    credentials: { accessKeyId: "sandbox", secretAccessKey: "sandbox" },
  });
  const stacks = (await cf.send(new ListStacksCommand({}))).StackSummaries ?? [];
  expect(stacks.filter((s) => s.StackName === running.stackName)).toHaveLength(1);
  const emitted = (await allStackEvents(cf, running.stackName))
    .filter((e) => e.ClientRequestToken === running.token)
    .map((e) => e.EventId!);
  const stored = (
    await db.query<{ eventId: string }>(`SELECT "eventId" FROM "StackEvent" WHERE "operationId" = $1`, [running.id])
  ).rows.map((r) => r.eventId);
  expect(stored.length).toBeGreaterThan(atKill.events);
  expect(new Set(stored).size).toBe(stored.length);
  expect(stored.sort()).toEqual(emitted.sort());

  // One audit entry per step of the request: nothing was recorded twice by the two instances.
  const audit = (
    await db.query<{ action: string; entityId: string; n: number }>(
      `SELECT action, "entityId", count(*)::int AS n FROM "AuditEntry" WHERE "clientId" = $1 GROUP BY action, "entityId"`,
      [running.clientId],
    )
  ).rows;
  expect(audit.filter((a) => a.n > 1)).toEqual([]);
  expect(audit.map((a) => a.action)).toEqual(
    expect.arrayContaining([
      "request.create",
      "request.approve",
      "request.execute",
      "stack.operation_started",
      "stack.status",
      "request.succeed",
    ]),
  );
  expect(audit.filter((a) => a.action === "request.succeed" || a.action === "request.fail")).toHaveLength(1);

  // The killed instance comes back and serves the same signed-in person.
  await victim!.start();
  cluster.balancer.pinned = victim!.name;
  await am.goto("/");
  await expect(am.getByRole("heading", { name: /Welcome/ })).toBeVisible();
});

test("parallel sign-ins through both instances keep the change log one valid chain", async ({ cluster }) => {
  test.setTimeout(120_000);
  const { db, instances } = cluster;
  const headSeq = async () => Number((await db.query(`SELECT coalesce(max(seq), 0) AS seq FROM "AuditEntry"`)).rows[0].seq);
  const before = await headSeq();
  const cookieOf = (res: Response, name: string) =>
    res.headers
      .getSetCookie()
      .map((c) => c.split(";")[0])
      .find((c) => c.startsWith(`${name}=`));

  // next-auth's credentials flow over plain HTTP: a CSRF token, then the form post.
  async function signIn(instance: PortalInstance, email: string, password: string): Promise<string | undefined> {
    const csrf = await fetch(`${instance.url}/api/auth/csrf`);
    const { csrfToken } = (await csrf.json()) as { csrfToken: string };
    const res = await fetch(`${instance.url}/api/auth/callback/credentials`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded", cookie: cookieOf(csrf, "next-auth.csrf-token")! },
      body: new URLSearchParams({ csrfToken, email, password, callbackUrl: "/", json: "true" }),
      redirect: "manual",
    });
    return cookieOf(res, "next-auth.session-token");
  }

  const PER_INSTANCE = 20;
  const FAILED_PER_INSTANCE = 5;
  const run = stamp();
  const attempts = (["C", "D"] as const).flatMap((name) => [
    ...Array.from({ length: PER_INSTANCE }, (_, i) => ({ name, user: USERS[i % USERS.length], ok: true })),
    ...Array.from({ length: FAILED_PER_INSTANCE }, (_, i) => ({
      name,
      user: { ...USERS[0], email: `nobody-${run}-${name}-${i}@stackport.test` },
      ok: false,
    })),
  ]);
  const sessions = await Promise.all(attempts.map((a) => signIn(instances[a.name], a.user.email, a.user.password)));
  expect(sessions.map(Boolean)).toEqual(attempts.map((a) => a.ok));

  // Every session issued by one instance is accepted by the other.
  const pages = await Promise.all(
    attempts.map(async (a, i) => {
      if (!a.ok) return true;
      const other = instances[a.name === "C" ? "D" : "C"];
      const res = await fetch(`${other.url}/`, { headers: { cookie: sessions[i]! }, redirect: "manual" });
      return res.status === 200 && (await res.text()).includes(`Signed in as`) && a.user.email;
    }),
  );
  expect(pages.every(Boolean)).toBe(true);

  // One entry per attempt, numbered without gaps, in one chain that verifies end to end.
  const after = await headSeq();
  const written = (
    await db.query<{ action: string; n: number }>(
      `SELECT action, count(*)::int AS n FROM "AuditEntry" WHERE seq > $1 AND action IN ('user.signin', 'user.signin_failed') GROUP BY action ORDER BY action`,
      [before],
    )
  ).rows;
  expect(written).toEqual([
    { action: "user.signin", n: 2 * PER_INSTANCE },
    { action: "user.signin_failed", n: 2 * FAILED_PER_INSTANCE },
  ]);
  const count = Number((await db.query(`SELECT count(*)::int AS n FROM "AuditEntry" WHERE seq > $1`, [before])).rows[0].n);
  expect(count).toBe(after - before);
  const verified = verifyAuditChain();
  expect(verified.output).toMatch(new RegExp(`OK: the change log is intact — ${after.toLocaleString("en-US")} entries verified`));
  expect(verified.status).toBe(0);
});
