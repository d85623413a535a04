import { expect, type Page } from "@playwright/test";
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
