import type { Page } from "@playwright/test";

/**
 * Reads a server-action form's fields (including React's hidden action references) so a
 * test can replay it from another user's session: the forged-request checks.
 */
export async function formFields(page: Page, formSelector: string): Promise<Record<string, string>> {
  return page.locator(formSelector).evaluate((form) => {
    const data = new FormData(form as HTMLFormElement);
    const out: Record<string, string> = {};
    data.forEach((value, key) => {
      if (typeof value === "string") out[key] = value;
    });
    return out;
  });
}
