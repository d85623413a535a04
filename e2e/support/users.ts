import { expect, type Browser, type Page } from "@playwright/test";
import demoUsers from "../../lib/auth/demo-users.json" with { type: "json" };

export type RoleKey = "ACCOUNT_MANAGER" | "ENGINEER" | "AUDITOR" | "ADMIN";
export const USERS = demoUsers as { email: string; name: string; role: RoleKey; password: string }[];
export const userFor = (role: RoleKey) => USERS.find((u) => u.role === role)!;
export const storageFor = (role: RoleKey) => `e2e/.auth/${role}.json`;

export async function signIn(page: Page, email: string, password: string, base = "") {
  await page.goto(`${base}/signin`);
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
}

export async function signInAs(page: Page, role: RoleKey, base = "") {
  const u = userFor(role);
  await signIn(page, u.email, u.password, base);
  await expect(page.getByRole("heading", { name: /Welcome/ })).toBeVisible();
}

/** A person nobody else's journey touches, added by the administrator through the portal. */
export async function createUser(browser: Browser, role: RoleKey, name: string): Promise<{ email: string; password: string }> {
  const email = `${name.toLowerCase().replace(/[^a-z0-9]+/g, "-")}-${Date.now().toString(36)}@stackport.test`;
  const password = "a-long-enough-password";
  const admin = await (await browser.newContext({ storageState: storageFor("ADMIN") })).newPage();
  await admin.goto("/admin/users");
  await admin.getByLabel("Email").fill(email);
  await admin.getByLabel("Name").fill(name);
  await admin.getByLabel("Role", { exact: true }).selectOption(role);
  await admin.getByLabel("Initial password").fill(password);
  await admin.getByRole("button", { name: "Add user" }).click();
  await expect(admin.getByText(`${email} can now sign in.`)).toBeVisible();
  await admin.context().close();
  return { email, password };
}

/**
 * A person nobody else's journey touches: the administrator adds them through the portal, and they
 * sign in through next-auth's credentials endpoint (no form). Returns their signed-in page.
 */
export async function newUser(browser: Browser, role: RoleKey, name: string): Promise<Page> {
  const { email, password } = await createUser(browser, role, name);
  const page = await (await browser.newContext()).newPage();
  const csrf = await page.request.get("/api/auth/csrf");
  const { csrfToken } = (await csrf.json()) as { csrfToken: string };
  const signedIn = await page.request.post("/api/auth/callback/credentials", {
    form: { csrfToken, email, password, json: "true" },
    headers: { Origin: new URL(csrf.url()).origin },
  });
  expect(signedIn.status(), `signing in ${email}`).toBe(200);
  return page;
}
