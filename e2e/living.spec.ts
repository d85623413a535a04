import { expect, test } from "@playwright/test";
import { approve, as, largeResizeApprovedByTwo, launched, onboard, rewindToFirstVersion, stamp } from "./support/journeys";
import { userFor } from "./support/users";

// Living stacks: a client launched on stateless-web 1.0.0 falls behind as 1.1.0 and 1.2.0 ship, and
// is brought up to date by a reviewed update that also adds its certificate; a disruptive change
// waits for the client's maintenance window.
const CERT = "arn:aws:acm:us-east-1:123456789012:certificate/0a1b2c3d-1111-2222-3333-444455556666";

test("a client on 1.0.0 shows it is behind; an update adds alarms and a certificate, reviewed and logged", async ({ browser }) => {
  test.setTimeout(240_000);
  const am = await as(browser, "ACCOUNT_MANAGER");
  const eng = await as(browser, "ENGINEER");
  const name = `Oldco ${stamp()}`;
  const onboarding = await onboard(am, name, "Medium");
  rewindToFirstVersion(onboarding);
  await approve(eng, onboarding, /^Approved\./);
  await am.goto(onboarding);
  await am.getByRole("link", { name: "client page" }).click();
  await expect(am.getByTestId("stack-status")).toHaveText("CREATE_COMPLETE", { timeout: 90_000 });
  const slug = new URL(am.url()).pathname.split("/").pop()!;

  // Behind: on its page, in the filtered list, and counted on the home pages.
  await expect(am.getByTestId("blueprint-version")).toContainText("Blueprint 1.0.0 (current: 1.2.0)");
  await expect(am.getByText("Available: 1.0.0 → 1.2.0")).toBeVisible();
  // Both versions' changes are listed, newest first.
  await expect(am.getByText(/fewest requests in progress \(least outstanding requests\)/)).toBeVisible();
  await expect(am.getByText(/Adds a CloudWatch alarm on the load balancer's 5xx rate/)).toBeVisible();
  await eng.goto("/");
  await eng.getByRole("link", { name: /request updates/ }).click();
  await expect(eng).toHaveURL(/\/clients\?behind=1/);
  await expect(eng.getByRole("link", { name })).toBeVisible();

  // A certificate ARN the blueprint does not accept comes back under its field; nothing is requested.
  await am.goto(`/clients/${slug}`);
  await am.getByLabel("ACM certificate ARN").fill("not-an-arn");
  await am.getByRole("button", { name: "Request update" }).click();
  await expect(am.getByLabel("ACM certificate ARN")).toHaveAttribute("aria-invalid", "true");
  await am.getByLabel("ACM certificate ARN").fill(CERT);
  await am.getByLabel("Why update (optional)").fill("HTTPS, and the new alarms");
  await am.getByRole("button", { name: "Request update" }).click();
  await expect(am.getByText("Submitted for review.")).toBeVisible({ timeout: 30_000 });
  const updateUrl = am.url().replace(/\?.*$/, "");

  // The engineer sees the version move with its changelog, the diffs and the change set, and approves.
  await eng.goto(updateUrl);
  await expect(eng.getByText("Blueprint 1.0.0 → 1.2.0")).toBeVisible();
  await expect(eng.getByText(/Exports both alarms' ARNs as stack outputs/)).toBeVisible();
  await expect(eng.getByRole("region", { name: "Template diff" }).or(eng.getByLabel("Template diff")).first()).toContainText(
    "LoadBalancer5xxRateAlarm",
  );
  await expect(eng.getByLabel("Parameter diff").first()).toContainText(CERT);
  await expect(eng.getByTestId("change-LoadBalancer5xxRateAlarm")).toContainText("Add", { timeout: 30_000 });
  await expect(eng.getByTestId("change-HttpsListener")).toContainText("Add");
  await expect(eng.getByTestId("change-TargetGroup")).toContainText("Modify");
  await approve(eng, updateUrl, /^Approved\./);
  // Not disruptive (nothing replaced, no listed parameter): it runs at once, without waiting for a window.
  await am.goto(updateUrl);
  await expect(am.getByText("Succeeded", { exact: true })).toBeVisible({ timeout: 90_000 });
  await am.goto(`/clients/${slug}`);
  await expect(am.getByTestId("stack-status")).toHaveText("UPDATE_COMPLETE");
  await expect(am.getByTestId("blueprint-version")).toHaveText(/Blueprint 1\.2\.0$/);

  // The auditor finds every step in the change log.
  const auditor = await as(browser, "AUDITOR");
  await auditor.goto(`/audit?client=${slug}`);
  const log = auditor.getByRole("table", { name: /Change log entries/ }).getByTestId("audit-sentence");
  const [amName, engName] = [userFor("ACCOUNT_MANAGER").name, userFor("ENGINEER").name];
  for (const sentence of [
    `${amName} asked to update ${name}: HTTPS, and the new alarms`,
    new RegExp(`^${amName} rendered revision \\d+ of ${name} \\(medium, blueprint 1\\.2\\.0\\)$`),
    new RegExp(`^Stackport prepared the change set for the update of ${name} \\(`),
    `${engName} approved the update of ${name} (1 of 1 approval)`,
    `Stackport started the update of ${name}`,
    `The update of ${name} succeeded`,
  ])
    await expect(log.filter({ hasText: sentence }).first()).toBeVisible();
});

test("a disruptive resize approved outside the window shows its schedule and waits; the window form refuses bad input", async ({
  browser,
}) => {
  test.setTimeout(240_000);
  const name = `Windowco ${stamp()}`;
  const { am, slug } = await launched(browser, name);
  await expect(am.getByText(/Sundays 02:00 for 4 hours \(Australia\/Sydney\) — the blueprint's default/)).toBeVisible();

  await am.getByLabel("Length in minutes").fill("0");
  await am.getByLabel("Time zone").fill("Mars/Olympus");
  await am.getByRole("button", { name: "Save window" }).click();
  await expect(am.getByText("A window must last at least 15 minutes")).toBeVisible();
  await expect(am.getByText(/Not a time zone we know/)).toBeVisible();

  // A window three days from now (UTC), so this run is certainly outside it and its start is
  // 48–75 hours away whatever the time of day: "in 2 days" or "in 3 days".
  const day = ["sunday", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday"][(new Date().getUTCDay() + 3) % 7];
  await am.getByLabel("Day").selectOption(day);
  await am.getByLabel("Starts at (24-hour, local)").fill("03:00");
  await am.getByLabel("Length in minutes").fill("60");
  await am.getByLabel("Time zone").fill("UTC");
  await am.getByRole("button", { name: "Save window" }).click();
  await expect(am.getByText("Maintenance window saved.")).toBeVisible();

  const { resizeUrl, eng2 } = await largeResizeApprovedByTwo(browser, am);
  await eng2.goto(resizeUrl);
  await expect(eng2.getByText(/^Scheduled for \w{3} \d{1,2} \w{3}, 03:00 UTC \(in [23] days\)$/)).toBeVisible({ timeout: 30_000 });
  // It does not start: still approved a few passes later, no operation on the client page.
  await eng2.waitForTimeout(3_000);
  await eng2.reload();
  await expect(eng2.getByText("Approved", { exact: true })).toBeVisible();
  await am.goto(`/clients/${slug}`);
  await expect(am.getByTestId("stack-status")).toHaveText("CREATE_COMPLETE");

  // The approver runs it now, on purpose; that is logged and it completes.
  await eng2.goto(resizeUrl);
  await eng2.getByRole("button", { name: "Run now, outside the window" }).click();
  await expect(eng2.getByText(/It will start now, outside the maintenance window/)).toBeVisible();
  await eng2.goto(resizeUrl);
  await expect(eng2.getByText("Succeeded", { exact: true })).toBeVisible({ timeout: 90_000 });
  const auditor = await as(browser, "AUDITOR");
  await auditor.goto(`/audit?client=${slug}`);
  const log = auditor.getByRole("table", { name: /Change log entries/ }).getByTestId("audit-sentence");
  const days = `${day.charAt(0).toUpperCase()}${day.slice(1)}s`;
  for (const sentence of [
    `${userFor("ACCOUNT_MANAGER").name} set ${name}'s maintenance window to ${days} at 03:00 for 60 minutes (UTC)`,
    new RegExp(
      `^Stackport scheduled the resize of ${name} from \\w+ to large for the maintenance window at \\d{4}-\\d\\d-\\d\\d 03:00 UTC$`,
    ),
    new RegExp(`chose to run the resize of ${name} from \\w+ to large now, outside the maintenance window$`),
  ])
    await expect(log.filter({ hasText: sentence }).first()).toBeVisible();
});
