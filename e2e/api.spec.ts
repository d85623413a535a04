import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { expect, test } from "@playwright/test";
import { expectAccessible } from "./support/axe";
import { approve, as, stamp } from "./support/journeys";

// The automation journey: a CRM's service token onboards a client through the stackport CLI, an
// engineer approves in the browser, `stackport watch` follows the launch to CREATE_COMPLETE, and
// the auditor sees the service account, through the API, in the change log.

const run = promisify(execFile);
const BASE = "http://127.0.0.1:3100";

function stackport(token: string, ...args: string[]) {
  return run(process.execPath, ["bin/stackport.mjs", ...args], {
    env: { ...process.env, STACKPORT_URL: BASE, STACKPORT_TOKEN: token },
    timeout: 150_000,
  }).then(
    (r) => ({ code: 0, stdout: r.stdout, stderr: r.stderr }),
    (e: { code?: number; stdout?: string; stderr?: string }) => ({ code: e.code ?? 1, stdout: e.stdout ?? "", stderr: e.stderr ?? "" }),
  );
}

test("a service token onboards through the CLI, an engineer approves, watch follows the launch, the auditor sees the API actor", async ({
  browser,
}) => {
  test.setTimeout(180_000);
  const admin = await as(browser, "ADMIN");
  const crm = `CRM ${stamp()}`;
  await admin.goto("/admin/service-accounts");
  await admin.getByRole("textbox", { name: "Name", exact: true }).fill(crm);
  await admin.getByRole("button", { name: "Add service account" }).click();
  await expect(admin.getByText(`${crm} added.`)).toBeVisible();
  const card = admin
    .locator("[data-testid^=service-account-]")
    .filter({ has: admin.getByText("No tokens yet.") })
    .first();
  await admin.getByText(`New token for ${crm}`).click();
  await card.getByRole("textbox", { name: "Name", exact: true }).fill("contract-signed hook");
  await card.getByRole("button", { name: "Create token" }).click();
  const token = await admin.getByTestId("api-token").inputValue();
  expect(token).toMatch(/^spk_/);
  await expectAccessible(admin);
  await admin.screenshot({ path: "test-results/service-accounts.png", fullPage: true });

  const name = `Apico ${stamp()}`;
  const filed = await stackport(token, "request", "onboard", "--name", name, "--size", "medium", "--env", "production", "--json");
  expect(filed.code, filed.stderr).toBe(0);
  const request = JSON.parse(filed.stdout) as { id: string; client: { slug: string } };
  const listed = await stackport(token, "requests", "list", "--state", "pending");
  expect(listed.stdout).toContain(request.id);
  const refused = await stackport(token, "approve", request.id);
  expect(refused.code).toBe(1);
  expect(refused.stderr).toContain("Service accounts never approve");

  const engineer = await as(browser, "ENGINEER");
  await approve(engineer, `/requests/${request.id}`, /^Approved\./);
  const watched = await stackport(token, "watch", request.client.slug);
  expect(watched.code, watched.stderr).toBe(0);
  expect(watched.stdout).toContain("CREATE_COMPLETE");
  const clients = await stackport(token, "clients", "list", "--status", "active", "--json");
  expect((JSON.parse(clients.stdout) as { slug: string }[]).map((c) => c.slug)).toContain(request.client.slug);

  const auditor = await as(browser, "AUDITOR");
  await auditor.goto(`/audit?client=${request.client.slug}&action=request.create`);
  const row = auditor.getByRole("row").filter({ hasText: crm.toLowerCase().replace(/ /g, "-") });
  await expect(row).toContainText("through the API, token");
  await expectAccessible(auditor);
});

test("people's tokens page, the API reference, and a cookie session's CSRF check on /api/v1", async ({ browser }) => {
  const am = await as(browser, "ACCOUNT_MANAGER");
  await am.goto("/tokens");
  await expect(am.getByRole("heading", { name: "Your API tokens", level: 1 })).toBeVisible();
  await am.getByRole("textbox", { name: "Name", exact: true }).fill("laptop");
  await am.getByLabel("Read everything the role can read").check();
  await am.getByRole("button", { name: "Create token" }).click();
  const token = await am.getByTestId("api-token").inputValue();
  await expect(am.getByRole("row").filter({ hasText: "laptop" })).toContainText("read");
  await expectAccessible(am);
  await am.screenshot({ path: "test-results/tokens.png", fullPage: true });
  const me = await am.request.get("/api/v1/me", { headers: { Authorization: `Bearer ${token}` } });
  expect((await me.json()).token.scopes).toEqual(["read"]);

  // The session cookie works on /api/v1 too, and keeps the portal's CSRF rule.
  expect((await am.request.get("/api/v1/me")).status()).toBe(200);
  const forged = await am.request.post("/api/v1/requests/onboard", { headers: { Origin: "http://evil.example" }, data: {} });
  expect(forged.status()).toBe(403);
  const tokenQuery = await am
    .context()
    .browser()!
    .newContext()
    .then((c) => c.request.get(`${BASE}/api/v1/me?access_token=${token}`));
  expect(tokenQuery.status()).toBe(401);

  await am.goto("/api-reference");
  await expect(am.getByRole("heading", { name: "API reference", level: 1 })).toBeVisible();
  await expect(am.getByTestId("api-reference").getByText("Stackport API").first()).toBeVisible({ timeout: 20_000 });
  await am.screenshot({ path: "test-results/api-reference.png" });
});
