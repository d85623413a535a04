import { readFile } from "node:fs/promises";
import { expect, test } from "@playwright/test";
import { parse } from "yaml";
import { storageFor } from "./support/users";

test.describe("as an account manager", () => {
  test.use({ storageState: storageFor("ACCOUNT_MANAGER") });

  test("browses sizes, compares small → large, reads and downloads the large template", async ({ page }) => {
    await page.goto("/");
    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Catalog" }).click();
    await expect(page.getByRole("heading", { level: 1, name: "Catalog" })).toBeVisible();

    // At least four sizes, each with a monthly cost and the lines behind it.
    const costs = page.getByTestId("monthly-cost");
    expect(await costs.count()).toBeGreaterThanOrEqual(4);
    for (const text of await costs.allTextContents()) expect(text).toMatch(/^\$\d[\d,]*$/);
    const sideBySide = page.getByRole("table", { name: "Stateless web application: sizes side by side" });
    await expect(sideBySide.getByRole("row", { name: /^App instances/ })).toContainText(/\d+ × \$\d+\.\d{2}/);
    await expect(sideBySide.getByRole("row", { name: /^Monthly estimate/ })).toContainText((await costs.nth(2).textContent())!);
    await expect(page.getByTestId("size-small")).toContainText(/All \d+ guardrails pass/);

    // Compare with the GET form.
    const compare = page.getByRole("region", { name: "Compare two sizes" });
    await compare.getByLabel("From size").selectOption("small");
    await compare.getByLabel("To size").selectOption("large");
    await compare.getByRole("button", { name: "Compare sizes" }).click();
    await expect(page).toHaveURL(/\/catalog\/stateless-web\/compare\?from=small&to=large$/);
    const result = page.getByTestId("comparison");
    await expect(result).toContainText("Instance type t3.small → m6i.large");
    await expect(result).toContainText("Database becomes Multi-AZ");
    await expect(page.getByTestId("cost-delta")).toHaveText(/^\+\$\d[\d,]*\/month$/);

    // The large template, highlighted.
    await result.getByRole("link", { name: "Large template" }).click();
    await expect(page.getByRole("heading", { level: 1, name: "Large template" })).toBeVisible();
    const code = page.getByRole("region", { name: /^Large template, production, YAML/ });
    await expect(code).toContainText("AWS::RDS::DBInstance");
    await expect(code.locator('[data-token="key"]', { hasText: "Resources" })).toHaveCount(1);
    await expect(code.locator('[data-token="intrinsic"]').first()).toBeVisible();
    await expect(page.getByRole("table", { name: "Resources by type" })).toContainText("AWS::RDS::DBInstance");

    // Download the YAML.
    const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("link", { name: "Download YAML" }).click()]);
    expect(download.suggestedFilename()).toBe("example-client-stateless-web-production.template.yaml");
    const text = await readFile((await download.path())!, "utf8");
    const template = parse(text) as { Resources?: Record<string, { Type: string }> };
    expect(template.Resources).toBeDefined();
    expect(Object.values(template.Resources!).map((r) => r.Type)).toContain("AWS::RDS::DBInstance");
  });

  test("the download route validates its query and names unknown sizes 404", async ({ page }) => {
    const bad = await page.request.get("/api/catalog/stateless-web/small?format=xml&env=production");
    expect(bad.status()).toBe(400);
    expect((await bad.json()).fieldErrors).toMatchObject({ format: [expect.stringContaining("yaml or json")] });

    const tooSmall = await page.request.get("/api/catalog/stateless-web/small?env=production");
    expect(tooSmall.status()).toBe(400);
    expect((await tooSmall.json()).fieldErrors.env[0]).toMatch(/at least the Medium size/);

    const missing = await page.request.get("/api/catalog/stateless-web/gigantic");
    expect(missing.status()).toBe(404);

    const json = await page.request.get("/api/catalog/stateless-web/medium?format=json&env=staging&client=Acme%20Pty%20Ltd");
    expect(json.status()).toBe(200);
    expect(json.headers()["content-disposition"]).toBe('attachment; filename="acme-pty-ltd-stateless-web-staging.template.json"');
    expect((await json.json()).Metadata.Stackport.client.displayName).toBe("Acme Pty Ltd");
  });

  test("unknown blueprints and sizes show the catalog's not-found page", async ({ page }) => {
    // No status check: the catalog's loading.tsx streams the shell (200) before the page decides.
    for (const path of ["/catalog/no-such-blueprint/large", "/catalog/stateless-web/gigantic", "/catalog/no-such-blueprint/compare"]) {
      await page.goto(path);
      await expect(page.getByText("That blueprint or size isn’t in the catalog")).toBeVisible();
    }
  });
});

test("an anonymous request to the download route gets 401", async ({ browser }) => {
  const context = await browser.newContext({ storageState: { cookies: [], origins: [] } });
  const response = await context.request.get("/api/catalog/stateless-web/large?format=yaml", { maxRedirects: 0 });
  expect(response.status()).toBe(401);
  expect(await response.json()).toEqual({ error: "Sign in to continue." });
  await context.close();
});
