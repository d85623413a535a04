import { expect, test, type Page } from "@playwright/test";
import { approve, as, onboard, rewindToFirstVersion, secondEngineer, stackNameOf, stamp } from "./support/journeys";
import { expectAccessible } from "./support/axe";
import { newUser, userFor } from "./support/users";

// A fleet rollout: two production clients launched on stateless-web 1.0.0 are brought to the current
// version by one reviewed rollout. While the canary's update runs, the 5xx alarm it has just created
// goes to ALARM (set through the sandbox, as CloudWatch would): the rollout halts before the second
// client starts, and has CloudFormation roll the canary back (the move to 1.1.0 creates the alarms,
// so they cannot be its rollback triggers; the rollout cancels the update instead, which rolls it
// back). The engineer skips the canary and resumes, and the rest finishes.
const SANDBOX = "http://127.0.0.1:4610";

async function launchOnFirstVersion(am: Page, eng: Page, name: string) {
  const url = await onboard(am, name, "Medium");
  rewindToFirstVersion(url);
  await approve(eng, url, /^Approved\./);
  return url;
}

test("an engineer rolls 1.1.0 out to the clients behind, in waves that halt on a failure; skip and resume finish it", async ({
  browser,
  request,
}) => {
  test.setTimeout(300_000);
  const run = stamp();
  // An account manager of their own, so the selection is exactly this journey's clients.
  const amName = `Rollout Manager ${run}`;
  const am = await newUser(browser, "ACCOUNT_MANAGER", amName);
  const eng = await as(browser, "ENGINEER");
  // "Aaa…" sorts first, so it is the first production client: the canary wave.
  const [first, second] = [`Aaa Rollout ${run}`, `Bbb Rollout ${run}`];
  const urls = [await launchOnFirstVersion(am, eng, first), await launchOnFirstVersion(am, eng, second)];
  for (const url of urls) {
    await am.goto(url);
    await expect(am.getByText("Succeeded", { exact: true })).toBeVisible({ timeout: 120_000 });
  }
  // The canary's second alarm is slow to create, so its update is still running when the first one fires.
  const slow = await request.post(`${SANDBOX}/_sandbox/faults`, {
    data: { kind: "slow", stackName: stackNameOf(first), logicalId: "UnhealthyHostsAlarm", operation: "create", factor: 6000 },
  });
  expect(slow.ok()).toBe(true);

  // The selection: production clients of this account manager behind the current version; the count is live.
  await eng.goto("/rollouts");
  await eng.getByRole("link", { name: "New rollout" }).click();
  await eng.getByLabel("Environment").selectOption("production");
  await expect(eng).toHaveURL(/environment=production/);
  await eng.getByLabel("Account manager").selectOption({ label: amName });
  await expect(eng.getByTestId("selection-count")).toHaveText(/^2 live clients behind 1\.1\.0 match\.$/);
  await expectAccessible(eng);
  await eng.getByLabel("Why").fill("Load balancer alarms for every client");
  await eng.getByRole("button", { name: /Prepare the rollout of/ }).click();

  // Prepared: one group (both clients change alike), two waves, the manifest to approve.
  await expect(eng.getByTestId("rollout-state")).toHaveText(/Waiting for approval \(0 of 1 approval\) to update 2 clients/, {
    timeout: 90_000,
  });
  const rolloutUrl = eng.url().replace(/[?#].*$/, "");
  await expect(eng.getByText(/^2 clients: diff A · \+?\$/)).toBeVisible();
  await expect(eng.getByRole("region", { name: "Template diff of group A" })).toContainText("LoadBalancer5xxRateAlarm");
  await expect(eng.getByText("Nobody approves their own rollout: another engineer reviews it.")).toBeVisible();

  // Bad waves come back under their fields; then every wave bakes 0 minutes so the journey does not wait.
  await eng.getByText("Edit the waves").click();
  await eng.getByLabel(/^Clients in Wave 1/).fill("5");
  await eng.getByRole("button", { name: "Save the waves" }).click();
  await expect(eng.getByText(/The waves hold 6 clients, but the rollout has 2/)).toBeVisible();
  await eng.getByLabel(/^Clients in Wave 1/).fill("1");
  await eng.getByLabel(/^Failures Wave 1.* tolerates$/).fill("150");
  await eng.getByLabel(/^Tolerance of Wave 1.* as$/).selectOption("percent");
  await eng.getByRole("button", { name: "Save the waves" }).click();
  await expect(eng.getByText("Tolerance cannot be over 100 %")).toBeVisible();
  await eng.getByLabel(/^Failures Wave 1.* tolerates$/).fill("0");
  await eng.getByLabel(/^Tolerance of Wave 1.* as$/).selectOption("count");
  await eng.getByLabel(/^Bake minutes of Wave 1/).fill("0");
  await eng.getByLabel(/^Bake minutes of Wave 2/).fill("0");
  await eng.getByRole("button", { name: "Save the waves" }).click();
  await expect(eng.getByText("The waves are saved.")).toBeVisible();
  await expectAccessible(eng);

  // A second engineer approves the manifest; the canary's update creates its alarms, one fires, and the rollout halts.
  const eng2 = await secondEngineer(browser);
  await eng2.goto(rolloutUrl);
  await eng2.getByRole("button", { name: "Approve this manifest" }).click();
  await expect(eng2.getByText("Approved. The rollout has started with its first wave.")).toBeVisible();
  await expect
    .poll(
      async () =>
        (
          await request.post(`${SANDBOX}/_sandbox/alarms`, {
            data: { stackName: stackNameOf(first), logicalId: "LoadBalancer5xxRateAlarm", state: "ALARM", reason: "5xx rate 12 %" },
          })
        ).status(),
      { timeout: 120_000, intervals: [250] },
    )
    .toBe(200);
  await expect(eng2.getByTestId("rollout-state")).toHaveText(new RegExp(`Halted: The alarm \\S+ of ${first} is in ALARM`), {
    timeout: 60_000,
  });
  await eng2.goto(`${rolloutUrl}?result=waiting#results`);
  await expect(eng2.getByRole("table", { name: "Clients of the rollout" })).toContainText(second);

  // CloudFormation rolled the canary back; it stays on 1.0.0.
  await am.goto(urls[0]);
  await am.getByRole("link", { name: "client page" }).click();
  await expect(am.getByTestId("stack-status")).toHaveText("UPDATE_ROLLBACK_COMPLETE", { timeout: 60_000 });
  await expect(am.getByTestId("blueprint-version")).toHaveText(/Blueprint 1\.0\.0 \(current: 1\.1\.0\)$/);

  // Skip it with a reason, resume: the second client is updated and the rollout finishes.
  await eng2.goto(`${rolloutUrl}?result=failed#results`);
  await eng2.getByLabel(`Reason to skip ${first}`).fill("Raising the alarm quota with AWS first");
  await eng2.getByRole("button", { name: "Skip" }).click();
  await expect(eng2.getByText(/The client is skipped/)).toBeVisible();
  await eng2.getByRole("button", { name: "Resume" }).click();
  await expect(eng2.getByTestId("rollout-state")).toHaveText(/Finished: 1 client updated, 1 client skipped\./, { timeout: 120_000 });
  await expectAccessible(eng2);

  await am.goto(urls[1]);
  await am.getByRole("link", { name: "client page" }).click();
  await expect(am.getByTestId("blueprint-version")).toHaveText(/Blueprint 1\.1\.0$/);

  // The fleet page, narrowed to this journey's account manager: everyone on 1.1.0 but the skipped client.
  await eng2.goto("/fleet");
  await eng2.getByLabel("Account manager").selectOption({ label: amName });
  await expect(eng2).toHaveURL(/ownerId=/);
  await expect(eng2.getByText(`2 clients of ${amName} with a live stack.`)).toBeVisible();
  await expect(eng2.getByTestId("fleet-chart")).toHaveAttribute("aria-label", /: 1 client on 1\.1\.0, 1 on 1\.0\.0\b/);
  await expectAccessible(eng2);
  await eng2.screenshot({ path: test.info().outputPath("fleet-of-one-manager.png"), fullPage: true });
  // Its "behind" figure opens the clients list of the same account manager: the skipped client alone.
  await eng2.getByTestId("fleet-behind").click();
  await expect(eng2).toHaveURL(/\/clients\?behind=1&owner=/);
  await expect(eng2.getByText(`1 client of ${amName}, behind the current blueprint version.`)).toBeVisible();
  await expect(eng2.getByRole("link", { name: first })).toBeVisible();
  await expect(eng2.getByRole("link", { name: second })).toHaveCount(0);

  // The change log tells the story in sentences.
  const auditor = await as(browser, "AUDITOR");
  for (const [action, sentence] of [
    ["rollout.create", `${userFor("ENGINEER").name} prepared a rollout of stateless-web`],
    ["rollout.approve", /approved the rollout's manifest \(1 of 1 approval\)/],
    ["rollout.halt", `Stackport halted the rollout: The alarm`],
    ["rollout.rollback", `Stackport asked CloudFormation to roll back ${first}'s update`],
    ["rollout.skip", `skipped ${first} in the rollout: Raising the alarm quota with AWS first`],
    ["rollout.finish", "The rollout finished: 1 client updated, 1 skipped"],
  ] as const) {
    await auditor.goto(`/audit?action=${action}`);
    await expect(auditor.getByTestId("audit-sentence").filter({ hasText: sentence }).first()).toBeVisible();
  }
  await request.delete(`${SANDBOX}/_sandbox/faults`);
});
