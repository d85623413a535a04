import { expect, test, type Locator, type Page } from "@playwright/test";
import { expectAccessible } from "./support/axe";
import { storageFor, userFor, type RoleKey } from "./support/users";

// Every page, as each role that can see it, has no serious or critical axe violations. Each row
// also names the page's own level-1 heading (and, where the heading is shared, a landmark of that
// page): a page that crashed into its error boundary is accessible too, so axe alone would pass it.
// Add new pages here as they are built.
const welcome = (role: RoleKey) => `Welcome, ${userFor(role).name.split(" ")[0]}`;
const PAGES: { path: string; role: RoleKey | null; h1: string; landmark?: (page: Page) => Locator }[] = [
  { path: "/signin", role: null, h1: "Sign in" },
  { path: "/no-access?reason=unmapped", role: null, h1: "You don’t have access to Stackport" },
  { path: "/", role: "ACCOUNT_MANAGER", h1: welcome("ACCOUNT_MANAGER") },
  { path: "/", role: "ENGINEER", h1: welcome("ENGINEER") },
  { path: "/", role: "AUDITOR", h1: welcome("AUDITOR") },
  { path: "/", role: "ADMIN", h1: welcome("ADMIN") },
  { path: "/admin/users", role: "ADMIN", h1: "Users" },
  { path: "/admin/users", role: "AUDITOR", h1: "Access denied" }, // the 403 page
  { path: "/no/such/page", role: "ENGINEER", h1: "Page not found" }, // the 404 page
  { path: "/clients", role: "ACCOUNT_MANAGER", h1: "Clients" },
  {
    path: "/clients/new",
    role: "ACCOUNT_MANAGER",
    h1: "Onboard a client",
    landmark: (p) => p.getByRole("textbox", { name: "Client name" }),
  },
  {
    path: "/clients/new?step=size&displayName=Axe+Check&environment=production&region=us-east-1",
    role: "ACCOUNT_MANAGER",
    h1: "Onboard a client",
    landmark: (p) => p.getByRole("radio", { name: /^Medium,/ }),
  },
  {
    path: "/clients/new?step=review&displayName=Axe+Check&environment=production&region=us-east-1&sizeId=medium",
    role: "ACCOUNT_MANAGER",
    h1: "Onboard a client",
    landmark: (p) => p.getByRole("button", { name: "Submit for review" }),
  },
  { path: "/reviews", role: "ENGINEER", h1: "Review queue" },
  { path: "/fleet", role: "ENGINEER", h1: "Fleet" },
  { path: "/fleet", role: "AUDITOR", h1: "Fleet" },
  { path: "/clients?status=FAILED&drifted=1", role: "ENGINEER", h1: "Clients" },
  // Request, client and revision pages are scanned in e2e/changes.spec.ts, where they exist.
  { path: "/catalog", role: "ACCOUNT_MANAGER", h1: "Catalog" },
  { path: "/catalog/stateless-web/compare?from=small&to=large", role: "AUDITOR", h1: "Compare sizes" },
  { path: "/catalog/stateless-web/large", role: "ENGINEER", h1: "Large template" },
  { path: "/audit", role: "AUDITOR", h1: "Audit log", landmark: (p) => p.getByRole("table", { name: /Change log entries/ }) },
  { path: "/audit?action=user.signin&from=2020-01-01&q=password", role: "ADMIN", h1: "Audit log" },
  // the filters with an error
  { path: "/audit?from=yesterday", role: "AUDITOR", h1: "Audit log", landmark: (p) => p.getByText("Some filters need attention") },
  { path: "/audit/1", role: "AUDITOR", h1: "Entry #1" }, // the seed's first entry: a user.create with an "after" document
];

for (const { path, role, h1, landmark } of PAGES) {
  test(`${path} as ${role ?? "a visitor"} has no serious accessibility violations`, async ({ browser }) => {
    const context = await browser.newContext(role ? { storageState: storageFor(role) } : {});
    const page = await context.newPage();
    await page.goto(path);
    await expect(page.getByRole("heading", { level: 1 })).toHaveText(h1);
    if (landmark) await expect(landmark(page)).toBeVisible();
    await expectAccessible(page);
    await context.close();
  });
}
