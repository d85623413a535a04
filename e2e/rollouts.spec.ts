import { expect, test, type Page } from "@playwright/test";
import { approve, as, onboard, rewindToFirstVersion, secondEngineer, stackNameOf, stamp } from "./support/journeys";
import { expectAccessible } from "./support/axe";
import { newUser, userFor } from "./support/users";

// A fleet rollout: two production clients launched on stateless-web 1.0.0, the second with a
// certificate, are brought to the current version (1.2.0) by one reviewed rollout. They change in
// two ways (1.2.0 also tightens the HTTPS listener, which only the second has), so the review shows
// two groups. While the canary's update runs, the 5xx alarm it has just created goes to ALARM (set
// through the sandbox, as CloudWatch would): the rollout halts before the second client starts, and
// has CloudFormation roll the canary back (the move from 1.0.0 creates the alarms, so they cannot be
// its rollback triggers; the rollout cancels the update instead, which rolls it back). The engineer
// skips the canary and resumes, and the rest finishes.
const SANDBOX = "http://127.0.0.1:4610";
const CERT = "arn:aws:acm:us-east-1:123456789012:certificate/7c1d2e3f-4a5b-4c6d-8e9f-a0b1c2d3e4f5";

async function launchOnFirstVersion(am: Page, eng: Page, name: string, overrides: Record<string, string> = {}) {
  const url = await onboard(am, name, "Medium");
  rewindToFirstVersion(url, overrides);
  await approve(eng, url, /^Approved\./);
  return url;
}

test("an engineer rolls 1.2.0 out to the clients behind, in two groups and waves that halt on a failure; skip and resume finish it", async ({
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
  const urls = [await launchOnFirstVersion(am, eng, first), await launchOnFirstVersion(am, eng, second, { CertificateArn: CERT })];
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
  await expect(eng.getByTestId("selection-count")).toHaveText(/^2 live clients behind 1\.2\.0 match\.$/);
  await expectAccessible(eng);
  await eng.getByLabel("Why").fill("Load balancer alarms for every client");
  await eng.getByRole("button", { name: /Prepare the rollout of/ }).click();

  // Prepared: two groups (only the client with a certificate has an HTTPS listener to change), two
  // waves, the manifest to approve. The groups are the same size, so which one is A is not fixed.
  await expect(eng.getByTestId("rollout-state")).toHaveText(/Waiting for approval \(0 of 1 approval\) to update 2 clients/, {
    timeout: 90_000,
  });
  const rolloutUrl = eng.url().replace(/[?#].*$/, "");
  await expect(eng.getByText("Prepared: every client that can take part has its change set.")).toBeVisible();
  await expect(
    eng.getByText(
      /^1 client: diff A · 1 client: diff B \((also changes|does not change) HttpsListener\) · [+-]?\$[\d,.]+ a month in total$/,
    ),
  ).toBeVisible();
  // Each group lists its resource changes; only one modifies the listener. Its diff opens on request.
  await expect(eng.getByText(/^Modifies HttpsListener \(AWS::ElasticLoadBalancingV2::Listener\)$/)).toHaveCount(1);
  await expect(eng.getByText(/^Modifies TargetGroup \(AWS::ElasticLoadBalancingV2::TargetGroup\)$/)).toHaveCount(2);
  for (const group of ["A", "B"]) {
    await eng.getByText(new RegExp(`as every client of diff ${group} changes`)).click();
    await expect(eng.getByRole("region", { name: `Template diff of group ${group}` })).toContainText("LoadBalancer5xxRateAlarm");
  }
  await eng.screenshot({ path: test.info().outputPath("rollout-two-groups.png"), fullPage: true });
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
  await expect(am.getByTestId("blueprint-version")).toHaveText(/Blueprint 1\.0\.0 \(current: 1\.2\.0\)$/);

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
  await expect(am.getByTestId("blueprint-version")).toHaveText(/Blueprint 1\.2\.0$/);

  // The fleet page, narrowed to this journey's account manager: everyone on 1.2.0 but the skipped client.
  await eng2.goto("/fleet");
  await eng2.getByLabel("Account manager").selectOption({ label: amName });
  await expect(eng2).toHaveURL(/ownerId=/);
  await expect(eng2.getByText(`2 clients of ${amName} with a live stack.`)).toBeVisible();
  await expect(eng2.getByTestId("fleet-chart")).toHaveAttribute("aria-label", /: 1 client on 1\.2\.0, 1 on 1\.0\.0\b/);
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
