import { expect, test } from "@playwright/test";
import { PORTAL_B } from "../playwright.config";
import { formFields } from "./support/forms";
import { createUser, newUser, signIn, signInAs, storageFor, userFor, type RoleKey } from "./support/users";

const NAV: Record<RoleKey, { visible: string[]; hidden: string[]; role: string }> = {
  ACCOUNT_MANAGER: { visible: ["Home", "Catalog"], hidden: ["Users"], role: "Account manager" },
  ENGINEER: { visible: ["Home", "Catalog"], hidden: ["Users"], role: "Engineer" },
  AUDITOR: { visible: ["Home", "Catalog"], hidden: ["Users"], role: "Auditor" },
  ADMIN: { visible: ["Home", "Catalog", "Users"], hidden: [], role: "Administrator" },
};

test.describe("each role lands on its own home page", () => {
  for (const [role, nav] of Object.entries(NAV) as [RoleKey, (typeof NAV)[RoleKey]][]) {
    test(`${role} sees its navigation`, async ({ page }) => {
      await signInAs(page, role);
      await expect(page.getByTestId("current-role")).toHaveText(nav.role);
      const main = page.getByRole("navigation", { name: "Main" });
      for (const label of nav.visible) await expect(main.getByRole("link", { name: label })).toBeVisible();
      for (const label of nav.hidden) await expect(main.getByRole("link", { name: label })).toHaveCount(0);
    });
  }

  test("an account manager with no clients is invited to onboard one", async ({ browser }) => {
    // An account manager of their own: the demo one owns clients once changes.spec.ts has run.
    const page = await newUser(browser, "ACCOUNT_MANAGER", "Nora Newhire");
    await page.goto("/");
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Welcome, Nora");
    await expect(page.getByText("No clients yet — onboard the first one")).toBeVisible();
  });
});

test("an auditor opening the admin page gets the 403 page inside the navigation", async ({ browser }) => {
  const page = await (await browser.newContext({ storageState: storageFor("AUDITOR") })).newPage();
  const response = await page.goto("/admin/users");
  expect(response?.status()).toBe(403);
  await expect(page.getByText("403 — You don’t have access to this page")).toBeVisible();
  await expect(page.getByRole("navigation", { name: "Main" })).toBeVisible();
});

test("an unknown page shows the 404 inside the navigation", async ({ browser }) => {
  const page = await (await browser.newContext({ storageState: storageFor("ENGINEER") })).newPage();
  const response = await page.goto("/no/such/page");
  expect(response?.status()).toBe(404);
  await expect(page.getByText("404 — We couldn’t find that page")).toBeVisible();
  await expect(page.getByRole("navigation", { name: "Main" })).toBeVisible();
});

test("a wrong password shows an error and gives no session", async ({ page }) => {
  await signIn(page, userFor("ENGINEER").email, "not-the-password");
  await expect(page.getByText("Email or password is incorrect.")).toBeVisible();
  await page.goto("/");
  await expect(page).toHaveURL(/\/signin/);
});

test("an anonymous visitor is sent to sign-in and returned afterwards", async ({ page }) => {
  await page.goto("/admin/users");
  await expect(page).toHaveURL(/\/signin\?callbackUrl=%2Fadmin%2Fusers/);
  const admin = userFor("ADMIN");
  await page.getByLabel("Email").fill(admin.email);
  await page.getByLabel("Password").fill(admin.password);
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
  await expect(page.getByRole("heading", { name: "Users" })).toBeVisible();
});

test("signing out ends the session, and the auditor finds the sign-out in the change log", async ({ page, browser }) => {
  // An auditor of its own: signing out ends every session of the person, the other journeys' too.
  const auditor = await createUser(browser, "AUDITOR", "Signing Out");
  const signOuts = `/audit?action=user.signout&actor=${encodeURIComponent(auditor.email)}`;
  const rows = page.getByRole("table", { name: /Change log entries/ }).locator("tbody tr");
  await signIn(page, auditor.email, auditor.password);
  await expect(page.getByRole("heading", { name: /Welcome/ })).toBeVisible();
  await page.goto(signOuts);
  await expect(page.getByRole("heading", { name: "Audit log" })).toBeVisible();
  const before = await rows.count();

  // The same form posted from another site's page is refused, and the session stays.
  const fields = await formFields(page, "form:has(button:text-is('Sign out'))");
  const forged = await page.request.post(page.url(), {
    multipart: fields,
    headers: { Origin: "http://evil.example", "Sec-Fetch-Site": "cross-site" },
    maxRedirects: 0,
  });
  expect(forged.status()).toBe(403);
  await page.reload();
  await expect(page.getByTestId("current-role")).toHaveText("Auditor");

  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/signin$/);
  await expect(page.getByRole("heading", { name: "Sign in" })).toBeVisible();
  expect((await page.context().cookies()).filter((c) => c.name.includes("session-token"))).toEqual([]);
  // The old session is gone: the portal sends this browser to sign-in again.
  await page.goto("/");
  await expect(page).toHaveURL(/\/signin/);

  await signIn(page, auditor.email, auditor.password);
  await expect(page.getByRole("heading", { name: /Welcome/ })).toBeVisible();
  await page.goto(signOuts);
  await expect(rows).toHaveCount(before + 1);
  await expect(rows.first().getByTestId("audit-sentence")).toHaveText("Signing Out signed out");
  await expect(rows.first().getByRole("cell").nth(2)).toContainText(auditor.email);
});

test.describe("single sign-on", () => {
  test("the SSO button shows only where OIDC is configured", async ({ page }) => {
    await page.goto("/signin");
    await expect(page.getByRole("button", { name: "Sign in with Hosting SSO" })).toBeVisible();
    await page.goto(`${PORTAL_B}/signin`);
    await expect(page.getByRole("heading", { name: "Sign in" })).toBeVisible();
    await expect(page.getByRole("button", { name: /Sign in with/ })).toHaveCount(0);
  });

  const ssoSignIn = async (page: import("@playwright/test").Page, login: string) => {
    await page.goto("/signin");
    await page.getByRole("button", { name: "Sign in with Hosting SSO" }).click();
    await page.locator('input[name="login"]').fill(login);
    await page.locator('input[name="password"]').fill("any-password");
    await page.getByRole("button", { name: "Sign-in" }).click();
    await page.getByRole("button", { name: "Continue" }).click();
  };

  test("a member of the engineers group signs in through the provider as an engineer", async ({ page }) => {
    await ssoSignIn(page, "erin-sso");
    await expect(page.getByRole("heading", { name: "Welcome, Erin" })).toBeVisible();
    await expect(page.getByTestId("current-role")).toHaveText("Engineer");
  });

  test("a person in no mapped group gets a clear no-access page", async ({ page }) => {
    await ssoSignIn(page, "mallory");
    await expect(page.getByRole("heading", { name: "You don’t have access to Stackport" })).toBeVisible();
    await expect(page.getByText(/none of your groups gives access/)).toBeVisible();
    await page.goto("/");
    await expect(page).toHaveURL(/\/signin/);
  });
});
