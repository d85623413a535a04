import { readFile } from "node:fs/promises";
import { expect, test } from "@playwright/test";
import { storageFor, userFor } from "./support/users";

// The auditor's journey through the change log, and who is kept out of it. The setup
// project's sign-ins are the entries looked for: every run has them.
const auditor = userFor("AUDITOR");

test.describe("as an auditor", () => {
  test.use({ storageState: storageFor("AUDITOR") });

  test("finds a sign-in by filter, opens it and sees what changed", async ({ page }) => {
    await page.goto("/");
    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Audit log" }).click();
    await expect(page.getByRole("heading", { name: "Audit log" })).toBeVisible();

    await page.getByLabel("Actor", { exact: true }).fill(auditor.email);
    await page.getByLabel("Action", { exact: true }).fill("user.signin");
    await page.getByRole("button", { name: "Apply filters" }).click();
    await expect(page).toHaveURL(/action=user\.signin/);
    await expect(page).toHaveURL(new RegExp(`actor=${encodeURIComponent(auditor.email).replace(/\./g, "\\.")}`));

    const rows = page.getByRole("table", { name: /Change log entries/ }).locator("tbody tr");
    await expect(rows.first()).toBeVisible();
    // Every row shown matches both filters, and reads as a sentence with the person's name.
    for (const row of await rows.all()) {
      await expect(row.getByTestId("audit-sentence")).toHaveText(`${auditor.name} signed in`);
      await expect(row.getByRole("cell").nth(2)).toContainText(auditor.email);
    }

    const link = rows.first().getByRole("link", { name: /^Entry #\d+$/ });
    const seq = (await link.textContent())!.replace(/\D/g, "");
    await link.click();
    await expect(page.getByRole("heading", { name: `Entry #${seq}` })).toBeVisible();
    await expect(page.getByTestId("entry-sentence")).toHaveText(`${auditor.name} signed in`);
    // The codes and ids stay in the entry's details.
    await expect(page.locator("dd").filter({ hasText: /^user\.signin$/ })).toBeVisible();
    // A sign-in has no "before": its whole "after" document shows as added lines, marked with "+".
    const added = page.locator('ins[data-kind="add"]');
    await expect(added.filter({ hasText: '"method": "password"' })).toBeVisible();
    await expect(added.first()).toContainText("+");
    await expect(page.getByTestId("entry-hash")).toHaveText(/^[0-9a-f]{64}$/);
    await expect(page.getByTestId("entry-prev-hash")).toHaveText(/^[0-9a-f]{64}$/);
  });

  test("verifies the chain and sees it is intact", async ({ page }) => {
    await page.goto("/audit");
    await page.getByRole("button", { name: "Verify the chain" }).click();
    await expect(page.getByText("OK — the chain is intact")).toBeVisible();
    await expect(page.getByText(/^[\d,]+ entries verified in [\d.]+ s\.$/)).toBeVisible();
  });

  test("downloads the filtered log as CSV", async ({ page }) => {
    await page.goto("/audit?action=user.signin");
    const download = page.waitForEvent("download");
    await page.getByRole("link", { name: "Export CSV" }).click();
    const file = await download;
    expect(file.suggestedFilename()).toMatch(/^stackport-audit-[\d-]+\.csv$/);
    const lines = (await readFile((await file.path())!, "utf8")).trimEnd().split("\r\n");
    expect(lines[0]).toBe("seq,at,actorId,actorLabel,action,entityType,entityId,clientId,before,after,requestId,via,prevHash,hash");
    expect(lines.length).toBeGreaterThan(1);
    for (const line of lines.slice(1)) expect(line.split(",")[4]).toBe("user.signin");
  });

  test("gets a not-found page for an entry that does not exist", async ({ page }) => {
    await page.goto("/audit/999999999");
    await expect(page.getByText("There is no entry with that number")).toBeVisible();
  });

  test("is told which filter is wrong", async ({ page }) => {
    await page.goto("/audit?from=yesterday");
    await expect(page.getByLabel("From (UTC)")).toHaveAttribute("aria-invalid", "true");
    await expect(page.getByText("Enter a date as YYYY-MM-DD (UTC).")).toBeVisible();
  });
});

test("an account manager gets the 403 page and no link to the log", async ({ browser }) => {
  const context = await browser.newContext({ storageState: storageFor("ACCOUNT_MANAGER") });
  const page = await context.newPage();
  await page.goto("/audit");
  await expect(page.getByText("403 — You don’t have access to this page")).toBeVisible();
  await expect(page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Audit log" })).toHaveCount(0);
  await page.goto("/audit/1");
  await expect(page.getByText("403 — You don’t have access to this page")).toBeVisible();
  await context.close();
});

test("the export refuses an engineer with a JSON 403", async ({ browser }) => {
  const context = await browser.newContext({ storageState: storageFor("ENGINEER") });
  const response = await context.request.get("/api/audit/export?format=csv");
  expect(response.status()).toBe(403);
  expect(response.headers()["content-type"]).toMatch(/application\/json/);
  expect(await response.json()).toEqual({ error: "Your role does not allow this." });
  await context.close();
});

test("the export answers bad filters with a JSON 400 naming them", async ({ browser }) => {
  const context = await browser.newContext({ storageState: storageFor("AUDITOR") });
  const response = await context.request.get("/api/audit/export?format=xlsx&from=soon");
  expect(response.status()).toBe(400);
  expect((await response.json()).fieldErrors).toEqual({ format: ["Choose csv or ndjson."], from: ["Enter a date as YYYY-MM-DD (UTC)."] });
  await context.close();
});
