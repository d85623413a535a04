import { expect, test, type Browser, type Page } from "@playwright/test";
import { SANDBOX } from "../playwright.config";
import { approve, as, largeResizeApprovedByTwo, launched, runNowIfScheduled, stackNameOf, stamp } from "./support/journeys";

// Day-two operations on a live stack: drift, recovery from a stuck rollback, re-apply, and
// launching while CloudFormation throttles.

/** From the client page: request a resize to large and have two engineers approve it. */
async function resizeToLargeApproved(browser: Browser, am: Page): Promise<string> {
  const { resizeUrl, eng2 } = await largeResizeApprovedByTwo(browser, am);
  await runNowIfScheduled(eng2, resizeUrl);
  return resizeUrl;
}

test("drift is detected on demand and explained in plain language", async ({ browser, request }) => {
  test.setTimeout(150_000);
  const name = `Driftco ${stamp()}`;
  const { am } = await launched(browser, name);
  await am.getByRole("button", { name: "Detect drift" }).click();
  await expect(am.getByText("No drift: the stack matches its approved template.")).toBeVisible();
  const fault = await request.post(`${SANDBOX}/_sandbox/faults`, {
    data: { kind: "drift", stackName: stackNameOf(name), logicalId: "Database", property: "DBInstanceClass", value: "db.t3.large" },
  });
  expect(fault.ok()).toBe(true);
  await am.getByRole("button", { name: "Detect drift" }).click();
  await expect(am.getByText(/Drift found in 1 resource/)).toBeVisible();
  await am.reload();
  await expect(am.getByText("DBInstanceClass is db.t3.large but was approved as db.t3.medium")).toBeVisible();
});

test("a stack stuck in UPDATE_ROLLBACK_FAILED is recovered through an approved request", async ({ browser, request }) => {
  test.setTimeout(240_000);
  const name = `Stuckco ${stamp()}`;
  const { am, slug } = await launched(browser, name);
  for (const operation of ["update", "rollback"]) {
    const fault = await request.post(`${SANDBOX}/_sandbox/faults`, {
      data: { kind: "fail", stackName: stackNameOf(name), logicalId: "Database", operation, reason: `Injected ${operation} failure` },
    });
    expect(fault.ok()).toBe(true);
  }
  await resizeToLargeApproved(browser, am);
  await am.goto(`/clients/${slug}`);
  await expect(am.getByTestId("stack-status")).toHaveText("UPDATE_ROLLBACK_FAILED", { timeout: 90_000 });
  await request.delete(`${SANDBOX}/_sandbox/faults`);

  await am.getByLabel("Resources to skip (logical ids, optional)").fill("Database");
  await am.getByRole("button", { name: "Request recovery" }).click();
  await expect(am.getByText("Submitted for review.")).toBeVisible();
  const recoverUrl = am.url().replace(/\?.*$/, "");
  await approve(await as(browser, "ENGINEER"), recoverUrl, /^Approved\./);
  await am.goto(recoverUrl);
  await expect(am.getByText("Succeeded", { exact: true })).toBeVisible({ timeout: 90_000 });
  await am.goto(`/clients/${slug}`);
  await expect(am.getByTestId("stack-status")).toHaveText("UPDATE_ROLLBACK_COMPLETE");
  await expect(am.getByText("Active", { exact: true })).toBeVisible();
});

test("revision 1 is re-applied after a resize", async ({ browser }) => {
  test.setTimeout(240_000);
  const { am, slug } = await launched(browser, `Backco ${stamp()}`);
  const resizeUrl = await resizeToLargeApproved(browser, am);
  await am.goto(resizeUrl);
  await expect(am.getByText("Succeeded", { exact: true })).toBeVisible({ timeout: 90_000 });

  await am.goto(`/clients/${slug}`);
  await am.getByRole("button", { name: "Re-apply revision 1" }).click();
  await expect(am.getByText("Submitted for review.")).toBeVisible();
  const reapplyUrl = am.url().replace(/\?.*$/, "");
  await expect(am.getByTestId("change-Database")).toContainText("Modify", { timeout: 30_000 });
  const eng = await as(browser, "ENGINEER");
  await approve(eng, reapplyUrl, /^Approved\./);
  // Back to the medium database class: disruptive, so it waits for the window unless run now.
  await runNowIfScheduled(eng, reapplyUrl);
  await am.goto(reapplyUrl);
  await expect(am.getByText("Succeeded", { exact: true })).toBeVisible({ timeout: 90_000 });
  await am.goto(`/clients/${slug}`);
  await expect(am.getByText(/medium · production/)).toBeVisible();
  await expect(am.getByRole("row", { name: /^3 current medium/ })).toBeVisible();
});

test("a launch completes while 30% of CloudFormation calls are throttled; the timeline watched stays open at its end", async ({
  browser,
  request,
}) => {
  test.setTimeout(150_000);
  const name = `Throttleco ${stamp()}`;
  const fault = await request.post(`${SANDBOX}/_sandbox/faults`, { data: { kind: "throttle", rate: 0.3 } });
  expect(fault.ok()).toBe(true);
  // The database takes about half a minute, so the client page is opened while the launch runs.
  const slow = await request.post(`${SANDBOX}/_sandbox/faults`, {
    data: { kind: "slow", stackName: stackNameOf(name), logicalId: "Database", operation: "create", factor: 6 },
  });
  expect(slow.ok()).toBe(true);
  try {
    const { am } = await launched(browser, name);
    // Every resource's completion arrived exactly once.
    const text = await am.getByTestId("progress-text").textContent();
    const [, done, total] = /^(\d+) of (\d+)/.exec(text ?? "") ?? [];
    expect(Number(done)).toBe(Number(total));
    // The stack's status arrives a moment before the operation is complete (no time remaining
    // shown any more). The page refreshes itself then; the timeline the viewer was watching stays
    // open, with every completion listed.
    await expect(am.getByTestId("eta")).toHaveCount(0);
    await expect(am.getByText("Active", { exact: true })).toBeVisible();
    const timeline = am.getByRole("list", { name: "Stack events, newest first" });
    await expect(timeline.getByText("CREATE_COMPLETE", { exact: true })).toHaveCount(Number(total) + 1);
    await expect(am.locator("details", { has: am.getByText(/^Event timeline/) })).toHaveJSProperty("open", true);
  } finally {
    await request.delete(`${SANDBOX}/_sandbox/faults`);
  }
});
