import { test } from "@playwright/test";
import { expectAccessible } from "./support/axe";
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
  { path: "/clients", role: "ACCOUNT_MANAGER" },
  { path: "/clients/new", role: "ACCOUNT_MANAGER" },
  { path: "/clients/new?step=size&displayName=Axe+Check&environment=production&region=us-east-1", role: "ACCOUNT_MANAGER" },
  { path: "/clients/new?step=review&displayName=Axe+Check&environment=production&region=us-east-1&sizeId=medium", role: "ACCOUNT_MANAGER" },
  { path: "/reviews", role: "ENGINEER" },
  // Request, client and revision pages are scanned in e2e/changes.spec.ts, where they exist.
  { path: "/catalog", role: "ACCOUNT_MANAGER" },
  { path: "/catalog/stateless-web/compare?from=small&to=large", role: "AUDITOR" },
  { path: "/catalog/stateless-web/large", role: "ENGINEER" },
  { path: "/audit", role: "AUDITOR" },
  { path: "/audit?action=user.signin&from=2020-01-01&q=password", role: "ADMIN" },
  { path: "/audit?from=yesterday", role: "AUDITOR" }, // the filters with an error
  { path: "/audit/1", role: "AUDITOR" }, // the seed's first entry: a user.create with an "after" document
];

for (const { path, role } of PAGES) {
  test(`${path} as ${role ?? "a visitor"} has no serious accessibility violations`, async ({ browser }) => {
    const context = await browser.newContext(role ? { storageState: storageFor(role) } : {});
    const page = await context.newPage();
    await page.goto(path);
    await expectAccessible(page);
    await context.close();
  });
}
