import { expect, test } from "@playwright/test";
import { newUser, storageFor } from "./support/users";

// Findings of the security review (issue 17) that only a running portal can show.

test("a session cookie copied before sign-out no longer works after it (M2)", async ({ browser }) => {
  const page = await newUser(browser, "AUDITOR", "Copied Cookie");
  await page.goto("/");
  await expect(page.getByRole("heading", { name: /Welcome/ })).toBeVisible();
  const copied = await page.context().storageState();
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/signin/);

  const thief = await browser.newContext({ storageState: copied });
  const stolen = await thief.newPage();
  await stolen.goto("/");
  await expect(stolen).toHaveURL(/\/signin/);
  const session = await stolen.request.get("/api/auth/session");
  expect(await session.json()).toEqual({});
  expect(session.headers()["set-cookie"] ?? "").not.toMatch(/session-token=[^;]/);
  await thief.close();
});

test("the sign-in throttle and the audit log take the connection's address, not a forged X-Forwarded-For (M1)", async ({
  browser,
  request,
}) => {
  const email = `forged-xff-${Date.now().toString(36)}@stackport.test`;
  const csrf = await request.get("/api/auth/csrf");
  const { csrfToken } = (await csrf.json()) as { csrfToken: string };
  const refused = await request.post("/api/auth/callback/credentials", {
    form: { csrfToken, email, password: "not-the-password", json: "true" },
    headers: { Origin: new URL(csrf.url()).origin, "X-Forwarded-For": "198.51.100.77", "X-Stackport-Client-Address": "198.51.100.78" },
  });
  expect(refused.status()).toBe(401);

  const auditor = await browser.newContext({ storageState: storageFor("AUDITOR") });
  const exported = await auditor.request.get(`/api/audit/export?format=ndjson&actor=${encodeURIComponent(email)}`);
  expect(exported.status()).toBe(200);
  const entries = (await exported.text())
    .trim()
    .split("\n")
    .map((l) => JSON.parse(l) as { action: string; after: string });
  const failed = entries.find((e) => e.action === "user.signin_failed");
  expect(failed, "the failed sign-in is in the log").toBeTruthy();
  expect(JSON.parse(failed!.after).address).toBe("127.0.0.1");
  await auditor.close();
});

test("paths starting with /screenshot- get the proxy's cross-site refusal too (I2)", async ({ request }) => {
  const response = await request.post("/screenshot-x", { headers: { Origin: "http://evil.example" }, data: "x" });
  expect(response.status()).toBe(403);
  expect((await request.get("/screenshot-catalog.png")).status()).toBe(200);
});

test("an anonymous readiness probe learns only ready or not (L4)", async ({ request }) => {
  const response = await request.get("/api/ready");
  expect(Object.keys(await response.json())).toEqual(["ready"]);
});
