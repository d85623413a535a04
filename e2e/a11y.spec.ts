import AxeBuilder from "@axe-core/playwright";
import { expect, test, type Page } from "@playwright/test";
import { storageFor, type RoleKey } from "./support/users";

// Every page, as each role that can see it, has no serious or critical axe violations.
// Add new pages here as they are built.
const PAGES: { path: string; role: RoleKey | null }[] = [
  { path: "/signin", role: null },
  { path: "/no-access?reason=unmapped", role: null },
  { path: "/", role: "ACCOUNT_MANAGER" },
  { path: "/", role: "ENGINEER" },
  { path: "/", role: "AUDITOR" },
  { path: "/", role: "ADMIN" },
  { path: "/admin/users", role: "ADMIN" },
  { path: "/admin/users", role: "AUDITOR" }, // the 403 page
  { path: "/no/such/page", role: "ENGINEER" }, // the 404 page
];

async function seriousViolations(page: Page) {
  const results = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]).analyze();
  return results.violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((n) => n.target.join(" ")).slice(0, 3).join(", ")}`);
}

for (const { path, role } of PAGES) {
  test(`${path} as ${role ?? "a visitor"} has no serious accessibility violations`, async ({ browser }) => {
    const context = await browser.newContext(role ? { storageState: storageFor(role) } : {});
    const page = await context.newPage();
    await page.goto(path);
    await page.waitForLoadState("networkidle");
    expect(await seriousViolations(page)).toEqual([]);
    await context.close();
  });
}
