import { expect, test } from "@playwright/test";
import { expectAccessible } from "./support/axe";
import { storageFor } from "./support/users";
import { as, stamp } from "./support/journeys";
import { startWebhookReceiver } from "../test/support/webhook-receiver";

test.use({ storageState: storageFor("ADMIN") });

test("an admin adds a webhook endpoint, sends a test ping that arrives signed, and sees it delivered in the log", async ({ page }) => {
  const receiver = await startWebhookReceiver();
  const name = `Ops channel ${stamp()}`;
  try {
    await page.goto("/admin/webhooks");
    await expect(page.getByRole("heading", { name: "Webhooks" })).toBeVisible();
    await expectAccessible(page);

    // Bad input comes back to its fields.
    await page.getByLabel("URL", { exact: true }).fill("http://hooks.example.com/stackport");
    await page.getByRole("button", { name: "Add endpoint" }).click();
    await expect(page.getByText("Choose at least one event")).toBeVisible();
    await page.getByRole("checkbox", { name: /Request approved/ }).check();
    await page.getByRole("button", { name: "Add endpoint" }).click();
    await expect(page.getByLabel("URL", { exact: true })).toHaveAttribute("aria-invalid", "true");
    await expect(page.getByText("Use https:// (plain http is only allowed to localhost")).toBeVisible();
    // Security review L1: the metadata address in IPv4-mapped IPv6 form was accepted.
    await page.getByLabel("URL", { exact: true }).fill("https://[::ffff:a9fe:a9fe]/latest/meta-data/");
    await page.getByRole("checkbox", { name: /Request approved/ }).check();
    await page.getByRole("button", { name: "Add endpoint" }).click();
    await expect(page.getByText("169.254.169.254 is a cloud metadata address")).toBeVisible();
    await expect(page.getByLabel("URL", { exact: true })).toHaveAttribute("aria-invalid", "true");

    await page.getByLabel("URL", { exact: true }).fill(receiver.url);
    await page.getByLabel("Description").fill(name);
    await page.getByRole("checkbox", { name: /Request approved/ }).check();
    await page.getByRole("checkbox", { name: /Launch failed/ }).check();
    await page.getByRole("button", { name: "Add endpoint" }).click();
    const secret = page.getByLabel("Signing secret");
    await expect(secret).toHaveValue(/^whsec_/);
    const shown = await secret.inputValue();
    receiver.secret = shown;
    await expectAccessible(page);

    // The secret is shown once: a fresh page has no trace of it.
    await page.reload();
    await expect(page.getByLabel("Signing secret")).toHaveCount(0);
    expect((await page.content()).includes(shown)).toBe(false);

    await page.getByRole("button", { name: `Send a test ping to ${name}` }).click();
    await expect(page.getByText("Test ping queued; see the delivery log.")).toBeVisible();
    await page.getByRole("link", { name: `Delivery log for ${name}` }).click();
    await expect(page.getByRole("heading", { name: "Delivery log" })).toBeVisible();
    const row = page.getByRole("row").filter({ hasText: "Test ping" });
    await expect(row.getByText("Delivered")).toBeVisible({ timeout: 20_000 });
    await expect(row.getByText("HTTP 204")).toBeVisible();
    await expectAccessible(page);

    // It arrived once (two portal instances share the queue), signed with the secret shown.
    expect(receiver.received).toHaveLength(1);
    expect(receiver.received[0]).toMatchObject({ signatureValid: true, json: { event: "ping" } });
    expect(receiver.received[0].headers["x-stackport-event"]).toBe("ping");

    // Clean up through the UI, so other journeys' approvals are not sent to a closed receiver.
    await page.getByRole("link", { name: "All endpoints" }).click();
    const endpointRow = page.getByRole("row").filter({ hasText: name });
    await endpointRow.getByText("Delete…").click();
    await endpointRow.getByRole("button", { name: `Delete ${name}` }).click();
    await expect(endpointRow.getByText("Tick the box to confirm")).toBeVisible();
    await endpointRow.getByLabel("Delete this endpoint and its delivery log").check();
    await endpointRow.getByRole("button", { name: `Delete ${name}` }).click();
    await expect(page.getByRole("row").filter({ hasText: name })).toHaveCount(0);
  } finally {
    await receiver.close();
  }
});

test("only administrators manage webhooks", async ({ browser }) => {
  const engineer = await as(browser, "ENGINEER");
  await engineer.goto("/admin/webhooks");
  await expect(engineer.getByText("403 — You don’t have access to this page")).toBeVisible();
  await expect(engineer.getByRole("link", { name: "Webhooks" })).toHaveCount(0);
});
