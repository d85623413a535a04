import { execFileSync } from "node:child_process";
import { expect, type Browser, type Page } from "@playwright/test";
import { storageFor, type RoleKey } from "./users";

export const as = async (browser: Browser, role: RoleKey): Promise<Page> =>
  (await browser.newContext({ storageState: storageFor(role) })).newPage();
export const stamp = () => Date.now().toString(36);

/** An account manager onboards a production client through the wizard; returns the request URL. */
export async function onboard(page: Page, name: string, size: "Medium" | "Large") {
  await page.goto("/clients/new");
  await page.getByLabel("Client name").fill(name);
  await page.getByLabel("Environment").selectOption("production");
  await page.getByRole("button", { name: "Next: choose a size" }).click();
  await expect(page.getByText("Production needs at least the Medium size")).toBeVisible();
  await page.getByRole("radio", { name: new RegExp(`^${size},`) }).check();
  await page.getByRole("button", { name: "Next: review" }).click();
  await expect(page.getByRole("heading", { name: "Guardrails" })).toBeVisible();
  await expect(page.getByTestId("review-total")).toHaveText(/^\$[\d,]+$/);
  await page.getByRole("button", { name: "Submit for review" }).click();
  // Submitting renders, checks and writes the request, then opens its page: allow a busy server time.
  await expect(page.getByText("Submitted for review.")).toBeVisible({ timeout: 30_000 });
  return page.url().replace(/\?.*$/, "");
}

/** An engineer (not the requester) approves the request at `url`. */
export async function approve(page: Page, url: string, expected: RegExp = /^(Approved\.|Your approval is recorded)/) {
  await page.goto(url);
  await page.getByRole("button", { name: "Approve" }).click();
  await expect(page.getByText(expected)).toBeVisible();
}

/** The stack name the portal derives for a production client of the stateless blueprint. */
export const stackNameOf = (displayName: string) =>
  `${displayName
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-|-$/g, "")}-stateless-web-production`;

/** The second engineer (for changes that need two approvers), signed in fresh. */
export async function secondEngineer(browser: Browser): Promise<Page> {
  const page = await (await browser.newContext({ storageState: { cookies: [], origins: [] } })).newPage();
  await page.goto("/signin");
  await page.getByLabel("Email").fill("eng2@stackport.test");
  await page.getByLabel("Password").fill("demo-engineer-two");
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
  await page.waitForURL("**/");
  return page;
}

/** Onboards a medium production client, approves it, and waits on its page for CREATE_COMPLETE. */
export async function launched(browser: Browser, name: string): Promise<{ am: Page; requestUrl: string; slug: string }> {
  const am = await as(browser, "ACCOUNT_MANAGER");
  const requestUrl = await onboard(am, name, "Medium");
  await approve(await as(browser, "ENGINEER"), requestUrl, /^Approved\./);
  await am.goto(requestUrl);
  await am.getByRole("link", { name: "client page" }).click();
  await expect(am.getByTestId("stack-status")).toHaveText("CREATE_COMPLETE", { timeout: 90_000 });
  return { am, requestUrl, slug: new URL(am.url()).pathname.split("/").pop()! };
}

/**
 * A disruptive change (a resize that changes the database class) waits for the client's
 * maintenance window once approved; journeys that need it to run now have an engineer choose
 * "Run now". When the window happens to be open, it has already started and nothing is clicked.
 */
export async function runNowIfScheduled(engineer: Page, url: string) {
  await engineer.goto(url);
  const scheduled = engineer.getByText(/^Scheduled for /);
  const started = engineer.getByText(/^(Executing|Succeeded|Failed)$/);
  await expect(scheduled.or(started).first()).toBeVisible({ timeout: 30_000 });
  if (await scheduled.isVisible()) {
    await engineer.getByRole("button", { name: "Run now, outside the window" }).click();
    await expect(engineer.getByText(/It will start now, outside the maintenance window/)).toBeVisible();
  }
}

/** Re-renders a pending onboarding from 1.0.0 in the e2e database (test/support/first-version.ts). */
export function rewindToFirstVersion(requestUrl: string, overrides: Record<string, string> = {}) {
  execFileSync(
    "node_modules/.bin/tsx",
    [
      "--conditions=react-server",
      "test/support/rewind-to-first-version.ts",
      requestUrl.split("/").pop()!,
      ...Object.entries(overrides).map(([name, value]) => `${name}=${value}`),
    ],
    {
      env: { ...process.env, DATABASE_URL: process.env.E2E_DATABASE_URL ?? "file:./.data/e2e.db" },
      stdio: "inherit",
    },
  );
}

/** From the client page: request a resize to large (it changes the database class) and have two engineers approve it. */
export async function largeResizeApprovedByTwo(browser: Browser, am: Page): Promise<{ resizeUrl: string; eng2: Page }> {
  await am.getByLabel("New size").selectOption("large");
  await am.getByRole("button", { name: "Request resize" }).click();
  await expect(am.getByText("Submitted for review.")).toBeVisible({ timeout: 30_000 });
  const resizeUrl = am.url().replace(/\?.*$/, "");
  await expect(am.getByTestId("change-Database")).toBeVisible({ timeout: 30_000 });
  await approve(await as(browser, "ENGINEER"), resizeUrl, /Your approval is recorded/);
  const eng2 = await secondEngineer(browser);
  await approve(eng2, resizeUrl, /^Approved\./);
  return { resizeUrl, eng2 };
}
