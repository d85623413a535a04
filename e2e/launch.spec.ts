import { expect, test, type Page } from "@playwright/test";
import { SANDBOX } from "../playwright.config";
import { expectAccessible } from "./support/axe";
import { approve, as, launched, onboard, runNowIfScheduled, secondEngineer, stackNameOf, stamp } from "./support/journeys";

// Launch journeys against the CloudFormation sandbox (running at 200× AWS speed).

async function clientPageOf(page: Page, requestUrl: string) {
  await page.goto(requestUrl);
  await page.getByRole("link", { name: "client page" }).click();
}

test("onboarding → approval → CREATE_COMPLETE with progress and outputs on screen", async ({ browser }) => {
  test.setTimeout(120_000);
  const am = await as(browser, "ACCOUNT_MANAGER");
  const name = `Launchco ${stamp()}`;
  const requestUrl = await onboard(am, name, "Medium");
  const engineer = await as(browser, "ENGINEER");
  await approve(engineer, requestUrl, /^Approved\./);
  // The engineer's dashboard lists the launch in flight with its own progress bar.
  await engineer.goto("/");
  await expect(engineer.getByRole("progressbar", { name: `${name}: resources complete` })).toBeVisible({ timeout: 20_000 });
  await clientPageOf(am, requestUrl);
  // While it runs: a progress bar over the resources and an estimate of the time left.
  const bar = am.getByRole("progressbar", { name: "Resources complete" });
  await expect(bar).toBeVisible({ timeout: 30_000 });
  await expect(am.getByTestId("stack-status")).toHaveText("CREATE_COMPLETE", { timeout: 90_000 });
  await expect(am.getByTestId("progress-text")).toHaveText(/^(\d+) of \1 resources · 100%$/);
  const url = am.getByRole("link", { name: /^http:\/\/.*elb\.amazonaws\.com/ });
  await expect(url).toBeVisible();
  await expect(am.getByText("Active", { exact: true })).toBeVisible();
  await expectAccessible(am);

  // Opened again later, the finished operation's timeline is folded with its count, and its
  // events arrive when it is opened (they are not part of the page until then).
  const clientUrl = am.url();
  await am.reload();
  const summary = am.getByText(/^Event timeline \((\d+)\)$/);
  const count = Number(/\((\d+)\)/.exec((await summary.textContent()) ?? "")?.[1]);
  expect(count).toBeGreaterThan(10);
  const timeline = am.getByRole("list", { name: "Stack events, newest first" });
  await expect(timeline).toHaveCount(0);
  await summary.click();
  await expect(timeline).toBeVisible();
  await expect(timeline.getByRole("listitem")).toHaveCount(Math.min(count, 200));
  await expect(timeline.getByText("CREATE_COMPLETE", { exact: true }).first()).toBeVisible();
  await expectAccessible(am);

  // The events endpoint names the field it cannot use and refuses what is not this client's.
  const slug = new URL(clientUrl).pathname.split("/").pop()!;
  const bad = await am.request.get(`/api/clients/${slug}/events?operation=${encodeURIComponent("x'; drop")}`);
  expect(bad.status()).toBe(400);
  expect((await bad.json()).fieldErrors.operation[0]).toMatch(/^operation must be an operation id/);
  expect((await am.request.get(`/api/clients/${slug}/events?operation=no-such-operation`)).status()).toBe(404);
  const anonymous = await browser.newContext();
  expect((await anonymous.request.get(`/api/clients/${slug}/events?operation=x`, { maxRedirects: 0 })).status()).toBe(401);
  await anonymous.close();

  await am.goto(requestUrl);
  await expect(am.getByText("Succeeded", { exact: true })).toBeVisible();
});

test("an injected resource failure rolls back, with the reason on screen and the request failed; deleted and launched again", async ({
  browser,
  request,
}) => {
  test.setTimeout(180_000);
  const name = `Failco ${stamp()}`;
  const fault = await request.post(`${SANDBOX}/_sandbox/faults`, {
    data: {
      kind: "fail",
      stackName: stackNameOf(name),
      logicalId: "Database",
      operation: "create",
      reason: "DB subnet group doesn't meet Availability Zone coverage requirement",
    },
  });
  expect(fault.ok()).toBe(true);
  const am = await as(browser, "ACCOUNT_MANAGER");
  const requestUrl = await onboard(am, name, "Medium");
  await approve(await as(browser, "ENGINEER"), requestUrl, /^Approved\./);
  await clientPageOf(am, requestUrl);
  await expect(am.getByTestId("stack-status")).toHaveText("ROLLBACK_COMPLETE", { timeout: 90_000 });
  await expect(am.getByRole("alert").filter({ hasText: "Why it failed" })).toContainText(
    "Database (AWS::RDS::DBInstance): DB subnet group doesn't meet Availability Zone coverage requirement",
  );
  await am.goto(requestUrl);
  await expect(am.getByText("Failed", { exact: true })).toBeVisible();
  await expect(am.getByRole("alert").filter({ hasText: "Why it failed" })).toContainText(
    /Database \(AWS::RDS::DBInstance\): DB subnet group/,
  );

  // The cause is fixed; the rolled-back stack is deleted and launched again, once approved.
  const [{ id }] = (await fault.json()) as { id: string }[];
  expect((await request.delete(`${SANDBOX}/_sandbox/faults/${id}`)).ok()).toBe(true);
  await clientPageOf(am, requestUrl);
  await expect(am.getByRole("button", { name: "Request resize" })).toHaveCount(0);
  await am.getByRole("button", { name: "Request delete and recreate" }).click();
  await expect(am.getByText(/Say why the launch should be tried again/)).toBeVisible();
  await am.getByLabel("What was fixed").fill("The subnet group now covers two zones");
  await am.getByRole("button", { name: "Request delete and recreate" }).click();
  await expect(am.getByText("Submitted for review.")).toBeVisible();
  const recreateUrl = am.url().replace(/\?.*$/, "");
  await approve(await as(browser, "ENGINEER"), recreateUrl, /^Approved\./);
  await clientPageOf(am, recreateUrl);
  await expect(am.getByTestId("stack-status")).toHaveText("CREATE_COMPLETE", { timeout: 90_000 });
  await expect(am.getByText("Active", { exact: true })).toBeVisible();
});

test("a resize goes through a change set that modifies instances and database in place", async ({ browser }) => {
  test.setTimeout(180_000);
  const name = `Growco ${stamp()}`;
  const { am } = await launched(browser, name);
  await am.getByLabel("New size").selectOption("large");
  await am.getByLabel("Why (optional)").fill("Black Friday traffic");
  await am.getByRole("button", { name: "Request resize" }).click();
  await expect(am.getByText("Submitted for review.")).toBeVisible();
  const resizeUrl = am.url().replace(/\?.*$/, "");
  await expect(am.getByRole("heading", { name: "What CloudFormation will change" })).toBeVisible();
  await expect(am.getByTestId("change-Database")).toContainText("Modify", { timeout: 30_000 });
  await expect(am.getByTestId("change-Database")).toContainText("DBInstanceClass");
  await expect(am.getByTestId("change-Database").getByRole("cell").nth(2)).toHaveText("No");
  await expect(am.getByTestId("change-LaunchTemplate").getByRole("cell").nth(2)).toHaveText("No");
  await expectAccessible(am);

  // Large needs two engineers.
  await approve(await as(browser, "ENGINEER"), resizeUrl, /Your approval is recorded/);
  const eng2 = await secondEngineer(browser);
  await approve(eng2, resizeUrl, /^Approved\./);
  // The database class changes: disruptive, so it waits for the maintenance window unless run now.
  await runNowIfScheduled(eng2, resizeUrl);
  await am.goto(resizeUrl);
  await expect(am.getByText("Succeeded", { exact: true })).toBeVisible({ timeout: 90_000 });
  await am.getByRole("link", { name: "client page" }).click();
  await expect(am.getByText(/large · production/)).toBeVisible();
});

test("decommissioning deletes the stack after approval", async ({ browser }) => {
  test.setTimeout(180_000);
  const name = `Byeco ${stamp()}`;
  const { am } = await launched(browser, name);
  const slug = new URL(am.url()).pathname.split("/").pop()!;
  await am.getByLabel("Reason").fill("Contract ended");
  await am.getByLabel(`Type ${slug} to confirm`).fill(slug);
  await am.getByRole("button", { name: "Request decommission" }).click();
  await expect(am.getByText("Submitted for review.")).toBeVisible();
  const url = am.url().replace(/\?.*$/, "");
  await expect(am.getByText("0 of 2 approvals")).toBeVisible();
  await approve(await as(browser, "ENGINEER"), url, /Your approval is recorded/);
  const eng2 = await secondEngineer(browser);
  await approve(eng2, url, /^Approved\./);
  await am.goto(url);
  await expect(am.getByText("Succeeded", { exact: true })).toBeVisible({ timeout: 90_000 });
  await am.goto(`/clients/${slug}`);
  await expect(am.getByText("Decommissioned", { exact: true })).toBeVisible();
});
