import { test as setup } from "@playwright/test";
import { signInAs, storageFor, type RoleKey } from "./support/users";

// Signs in once per role and saves the session for the journeys.
for (const role of ["ACCOUNT_MANAGER", "ENGINEER", "AUDITOR", "ADMIN"] as RoleKey[]) {
  setup(`sign in as ${role}`, async ({ page }) => {
    await signInAs(page, role);
    await page.context().storageState({ path: storageFor(role) });
  });
}
