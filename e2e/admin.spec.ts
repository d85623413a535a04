import { expect, test } from "@playwright/test";
import { signIn, storageFor } from "./support/users";
import { expectAccessible } from "./support/axe";

test.use({ storageState: storageFor("ADMIN") });

const unique = () => `person-${Date.now().toString(36)}@stackport.test`;

test("bad input comes back to the field that caused it", async ({ page }) => {
  await page.goto("/admin/users");
  await page.getByLabel("Email").fill("not-an-email");
  await page.getByLabel("Initial password").fill("short");
  await page.getByRole("button", { name: "Add user" }).click();
  await expect(page.getByLabel("Email")).toHaveAttribute("aria-invalid", "true");
  await expect(page.getByText("Enter a valid email address")).toBeVisible();
  await expect(page.getByText("Enter the person's name")).toBeVisible();
  await expect(page.getByText("Choose one of the roles")).toBeVisible();
  await expect(page.getByText("Use at least 12 characters")).toBeVisible();
});

test("an admin adds a user, changes their role, ends their sessions, and a disabled user loses access on the next request", async ({
  page,
  browser,
}) => {
  const email = unique();
  await page.goto("/admin/users");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Name").fill("Pat Newcomer");
  await page.getByLabel("Role", { exact: true }).selectOption("ACCOUNT_MANAGER");
  await page.getByLabel("Initial password").fill("a-long-enough-password");
  await page.getByRole("button", { name: "Add user" }).click();
  await expect(page.getByText(`${email} can now sign in.`)).toBeVisible();

  // A duplicate is refused on the email field.
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Name").fill("Pat Again");
  await page.getByLabel("Role", { exact: true }).selectOption("AUDITOR");
  await page.getByLabel("Initial password").fill("a-long-enough-password");
  await page.getByRole("button", { name: "Add user" }).click();
  await expect(page.getByText("A user with this email already exists")).toBeVisible();

  // The new person signs in in their own browser.
  const theirs = await (await browser.newContext({ storageState: { cookies: [], origins: [] } })).newPage();
  await signIn(theirs, email, "a-long-enough-password");
  await expect(theirs.getByTestId("current-role")).toHaveText("Account manager");

  // A role change ends the session issued under the old role: they sign in again with the new one.
  const row = page.getByTestId(`user-${email}`);
  await row.getByLabel(`Role for ${email}`).selectOption("AUDITOR");
  await row.getByRole("button", { name: `Change role of ${email}` }).click();
  await expect(row.getByRole("cell", { name: "Auditor", exact: true })).toBeVisible();
  await theirs.reload();
  await expect(theirs).toHaveURL(/\/signin/);
  await signIn(theirs, email, "a-long-enough-password");
  await expect(theirs.getByTestId("current-role")).toHaveText("Auditor");

  // "End sessions" signs them out everywhere.
  await row.getByRole("button", { name: `End the sessions of ${email}` }).click();
  await expect(row.getByText("Sessions ended: they must sign in again.")).toBeVisible();
  await theirs.reload();
  await expect(theirs).toHaveURL(/\/signin/);
  await signIn(theirs, email, "a-long-enough-password");
  await expect(theirs.getByTestId("current-role")).toHaveText("Auditor");

  // Disabling them ends their session on the next request.
  await row.getByRole("button", { name: `Disable ${email}` }).click();
  await expect(row.getByText("Disabled")).toBeVisible();
  await theirs.reload();
  await expect(theirs).toHaveURL(/\/signin/);
});

test("an admin checks the AWS connection: the portal's credentials and the production role both reach CloudFormation", async ({ page }) => {
  await page.goto("/");
  await page.getByRole("link", { name: "AWS connection" }).click();
  await expect(page.getByRole("heading", { name: "AWS connection", level: 1 })).toBeVisible();
  const settings = page.getByTestId("connection-settings");
  await expect(settings).toContainText("arn:aws:iam::111111111111:role/StackportDeployer");
  await expect(page.getByText("Not run yet")).toBeVisible();

  await page.getByRole("button", { name: "Run check" }).click();
  await expect(page.getByText("Every check passed")).toBeVisible({ timeout: 30_000 });
  await expect(page.getByTestId("check-default")).toContainText("Reachable and authorised");
  // The access key id (AWS_ACCESS_KEY_ID=sandbox here) shows only as its last four characters.
  await expect(page.getByTestId("check-default")).toContainText("access key …dbox");
  await expect(page.getByTestId("check-production")).toContainText(
    "Assumed arn:aws:sts::111111111111:assumed-role/StackportDeployer/stackport",
  );
  await expect(page.getByTestId("check-production").getByText("Works")).toBeVisible();
  await expectAccessible(page);
});
