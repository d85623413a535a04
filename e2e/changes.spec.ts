import { expect, test } from "@playwright/test";
import { expectAccessible } from "./support/axe";
import { formFields } from "./support/forms";
import { as, onboard, secondEngineer, stamp } from "./support/journeys";
import { userFor } from "./support/users";

test("bad input in the wizard comes back to its field, and a duplicate name is refused", async ({ browser }) => {
  const am = await as(browser, "ACCOUNT_MANAGER");
  await am.goto("/clients/new");
  await am.getByRole("button", { name: "Next: choose a size" }).click();
  await expect(am.getByLabel("Client name")).toHaveAttribute("aria-invalid", "true");
  await expect(am.getByText("Enter the client's name")).toBeVisible();

  const name = `Duplicate Co ${stamp()}`;
  await onboard(am, name, "Medium");
  await am.goto("/clients/new");
  await am.getByLabel("Client name").fill(name);
  await am.getByRole("button", { name: "Next: choose a size" }).click();
  await am.getByRole("button", { name: "Next: review" }).click();
  await am.getByRole("button", { name: "Submit for review" }).click();
  await expect(am.getByText(/A client with this name already exists/)).toBeVisible();
});

test("an account manager onboards a client; only another engineer can approve it", async ({ browser }) => {
  const am = await as(browser, "ACCOUNT_MANAGER");
  const name = `Acme ${stamp()}`;
  const requestUrl = await onboard(am, name, "Medium");
  // No decision form for the requester …
  await expect(am.getByRole("button", { name: "Approve" })).toHaveCount(0);
  await expect(am.getByText("You made this request, so another person must review it.")).toBeVisible();

  // … and a forged approval from their session is refused by the server.
  const eng = await as(browser, "ENGINEER");
  await eng.goto(requestUrl);
  const fields = await formFields(eng, "form:has(button[value=approve])");
  const forged = await am.request.post(requestUrl, {
    multipart: { ...fields, decision: "approve" },
    headers: { Origin: new URL(requestUrl).origin },
    maxRedirects: 0,
  });
  // Refused, with the policy's sentence: the page again, where an approval redirects to ?done=approved.
  expect(forged.status()).toBe(200);
  expect(await forged.text()).toContain("Your role does not allow this.");
  await am.reload();
  await expect(am.getByText("0 of 1 approval")).toBeVisible();
  await expect(am.getByText("Pending", { exact: true })).toBeVisible();

  // The engineer sees it in the queue and approves.
  await eng.goto("/reviews");
  await eng.getByLabel("Client").fill(name);
  await eng.getByRole("button", { name: "Filter" }).click();
  await eng.getByRole("link", { name }).click();
  await eng.getByLabel("Comment").fill("Looks right for a medium production client.");
  await eng.getByRole("button", { name: "Approve" }).click();
  await expect(eng.getByText("Approved.")).toBeVisible();
  await eng.reload();
  // Once approved, the executor launches it straight away.
  await expect(eng.getByText(/^(Approved|Executing|Succeeded)$/)).toBeVisible();
  await expect(eng.getByText("“Looks right for a medium production client.”")).toBeVisible();
  await expectAccessible(eng);
  await eng.getByRole("link", { name: "client page" }).click();
  await expect(eng.getByRole("heading", { name })).toBeVisible();
  await expectAccessible(eng);
  const slug = new URL(eng.url()).pathname.split("/").pop()!;

  // The auditor finds every step in the change log, opens the dossier and verifies the chain.
  const auditor = await as(browser, "AUDITOR");
  await auditor.goto(`/audit?client=${slug}`);
  // Each entry reads as a sentence naming the people and the client (lib/audit/describe.ts).
  const [amName, engName] = [userFor("ACCOUNT_MANAGER").name, userFor("ENGINEER").name];
  const sentences = auditor.getByRole("table", { name: /Change log entries/ }).getByTestId("audit-sentence");
  for (const sentence of [
    new RegExp(`^${amName} added the client ${name} \\(medium, production, `),
    `${amName} asked to onboard ${name} (medium)`,
    new RegExp(`^${amName} rendered revision 1 of ${name} \\(medium, blueprint `),
    `${engName} approved the onboarding of ${name} (1 of 1 approval)`,
  ]) {
    await expect(sentences.filter({ hasText: sentence }).first()).toBeVisible();
  }
  await auditor.goto(requestUrl);
  await expect(auditor.getByText("“Looks right for a medium production client.”")).toBeVisible();
  await expect(auditor.getByRole("button", { name: "Approve" })).toHaveCount(0);
  await expect(auditor.getByRole("button", { name: "Cancel this request" })).toHaveCount(0);
  await auditor.goto("/audit");
  await auditor.getByRole("button", { name: "Verify the chain" }).click();
  await expect(auditor.getByText("OK — the chain is intact")).toBeVisible();
});

test("a large client needs two different engineers, and a rejection needs a reason", async ({ browser }) => {
  const am = await as(browser, "ACCOUNT_MANAGER");
  const requestUrl = await onboard(am, `Bigco ${stamp()}`, "Large");
  const eng1 = await as(browser, "ENGINEER");
  await eng1.goto(requestUrl);
  await expect(eng1.getByText("This change needs two different engineers to approve.")).toBeVisible();
  await eng1.getByRole("button", { name: "Approve" }).click();
  await expect(eng1.getByText("Your approval is recorded. Another engineer must approve too.")).toBeVisible();
  // (the timeline's "… approved … (1 of 2 approvals)" says it too)
  await expect(eng1.getByText(/^1 of 2 approvals\./)).toBeVisible();

  // A second engineer (signed in fresh) completes it.
  const eng2 = await secondEngineer(browser);
  await eng2.goto(requestUrl);
  await eng2.getByRole("button", { name: "Reject" }).click();
  await expect(eng2.getByText("Give a reason for rejecting")).toBeVisible();
  await eng2.getByRole("button", { name: "Approve" }).click();
  await expect(eng2.getByText("Approved.")).toBeVisible();
});

test("the requester can cancel a pending request", async ({ browser }) => {
  const am = await as(browser, "ACCOUNT_MANAGER");
  await onboard(am, `Cancelco ${stamp()}`, "Medium");
  await am.getByRole("button", { name: "Cancel this request" }).click();
  await expect(am.getByText("Request cancelled.")).toBeVisible();
  await am.reload();
  await expect(am.getByText("Cancelled", { exact: true })).toBeVisible();
});

test("an auditor's forged onboarding and approval are refused and change nothing", async ({ browser }) => {
  const name = `Auditco ${stamp()}`;
  const am = await as(browser, "ACCOUNT_MANAGER");
  const auditor = await as(browser, "AUDITOR");
  const post = (url: string, multipart: Record<string, string>) =>
    auditor.request.post(url, { multipart, headers: { Origin: new URL(url).origin }, maxRedirects: 0 });

  // The account manager's submit form, posted from the auditor's session: refused (a submission
  // redirects to the new request), and no client is created.
  await am.goto(`/clients/new?step=review&displayName=${encodeURIComponent(name)}&environment=production&region=us-east-1&sizeId=medium`);
  const onboarding = await post(am.url(), await formFields(am, "form:has(button:text-is('Submit for review'))"));
  expect(onboarding.status()).toBe(200);
  expect(await onboarding.text()).toContain("Your role does not allow this.");
  await am.goto(`/clients?q=${encodeURIComponent(name)}`);
  await expect(am.getByText("No clients match")).toBeVisible();

  // The engineer's approval form for a real request, posted from the auditor's session: refused, and still pending.
  const requestUrl = await onboard(am, name, "Medium");
  const eng = await as(browser, "ENGINEER");
  await eng.goto(requestUrl);
  const approval = await post(requestUrl, { ...(await formFields(eng, "form:has(button[value=approve])")), decision: "approve" });
  expect(approval.status()).toBe(200);
  expect(await approval.text()).toContain("Your role does not allow this.");
  await am.reload();
  await expect(am.getByText("0 of 1 approval")).toBeVisible();
  await expect(am.getByText("Pending", { exact: true })).toBeVisible();
});
