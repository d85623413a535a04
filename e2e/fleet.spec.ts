import { execFileSync } from "node:child_process";
import { expect, test, type Page } from "@playwright/test";
import { expectAccessible } from "./support/axe";
import { as, stamp } from "./support/journeys";
import { fleetClientPlan, fleetSlug } from "../test/support/fleet-plan";
import { getBlueprint } from "../lib/catalog";

// The fleet page: an engineer opens it from the home page and sees the clients `npm run seed:fleet`
// wrote in the chart (per version and status) and in the health figures, each figure leading to
// the clients list filtered to those clients. Other journeys' clients share the database, so the
// figures are compared as what the seed added.
const COUNT = 60;
/** stateless-web's current version, from the catalog the portal serves. */
const CURRENT_VERSION = getBlueprint("stateless-web")!.version;
const prefix = `e2efleet${stamp()}`;
const plans = Array.from({ length: COUNT }, (_, k) => ({ i: k + 1, ...fleetClientPlan(k + 1) }));
const displayName = (i: number) => `${prefix.charAt(0).toUpperCase()}${prefix.slice(1)} Client ${String(i).padStart(4, "0")}`;

function seedFleet() {
  execFileSync(
    "node_modules/.bin/tsx",
    ["--conditions=react-server", "scripts/seed-fleet.ts", "--clients", String(COUNT), "--prefix", prefix, "--skip-migrate"],
    { env: { ...process.env, DATABASE_URL: process.env.E2E_DATABASE_URL ?? "file:./.data/e2e.db" }, stdio: "inherit" },
  );
}

/** The chart's sentence ("412 clients on 1.2.0, 588 on 1.0.0 (3 failed)") as clients per version. */
async function chartCounts(page: Page): Promise<Record<string, number>> {
  const chart = page.getByRole("img", { name: /^Clients per blueprint version and status/ });
  if ((await chart.count()) === 0) return {};
  const label = (await chart.getAttribute("aria-label")) ?? "";
  return Object.fromEntries([...label.matchAll(/(\d+)(?: clients?)? on (\d+\.\d+\.\d+)/g)].map((m) => [m[2], Number(m[1])]));
}

const FIGURES = ["behind", "failed", "degraded", "drifted", "inFlight"] as const;
async function figures(page: Page): Promise<Record<(typeof FIGURES)[number], number>> {
  const out = {} as Record<(typeof FIGURES)[number], number>;
  for (const key of FIGURES)
    out[key] = Number((await page.getByTestId(`fleet-${key}`).locator("span").first().innerText()).replace(/,/g, ""));
  return out;
}

test("an engineer opens the fleet page from the home and sees the seeded fleet by version, status and health", async ({ browser }) => {
  test.setTimeout(120_000);
  const eng = await as(browser, "ENGINEER");
  await eng.goto("/fleet");
  const chartBefore = await chartCounts(eng);
  const hasFigures = (await eng.getByTestId("fleet-failed").count()) > 0;
  const figuresBefore = hasFigures ? await figures(eng) : { behind: 0, failed: 0, degraded: 0, drifted: 0, inFlight: 0 };

  seedFleet();

  // From the home page's fleet health to the fleet page.
  await eng.goto("/");
  const home = eng.locator("section", { hasText: "Fleet health" });
  await expect(home.getByRole("list", { name: "Fleet health" })).toBeVisible();
  await eng.screenshot({ path: test.info().outputPath("home.png"), fullPage: true });
  await home.getByRole("link", { name: "Open the fleet page" }).click();
  await expect(eng).toHaveURL(/\/fleet$/);
  await expect(eng.getByRole("heading", { level: 1 })).toHaveText("Fleet");

  // The chart: the seed's clients on the current version (updated) and on 1.0.0 (the rest, some unrecorded).
  const updated = plans.filter((p) => p.updated).length;
  const chart = await chartCounts(eng);
  expect((chart[CURRENT_VERSION] ?? 0) - (chartBefore[CURRENT_VERSION] ?? 0)).toBe(updated);
  expect((chart["1.0.0"] ?? 0) - (chartBefore["1.0.0"] ?? 0)).toBe(COUNT - updated);
  await expect(eng.getByTestId("fleet-chart")).toContainText("(current)");
  await expect(eng.getByTestId("fleet-chart")).toContainText(/Active \d+/);

  // Health: what the seed put in (by position: 7 failed, 3 degraded, 11 drifted, 5 updating).
  const after = await figures(eng);
  expect({
    behind: after.behind - figuresBefore.behind,
    failed: after.failed - figuresBefore.failed,
    degraded: after.degraded - figuresBefore.degraded,
    drifted: after.drifted - figuresBefore.drifted,
    inFlight: after.inFlight - figuresBefore.inFlight,
  }).toEqual({ behind: COUNT - updated, failed: 1, degraded: 1, drifted: 1, inFlight: 1 });
  await expect(eng.getByText("No rollout is running.")).toBeVisible();
  await expectAccessible(eng);
  await eng.screenshot({ path: test.info().outputPath("fleet.png"), fullPage: true });

  // Each figure opens the clients list filtered the same way.
  await eng.getByTestId("fleet-failed").click();
  await expect(eng).toHaveURL(/\/clients\?status=FAILED$/);
  await expect(eng.getByRole("link", { name: displayName(7) })).toBeVisible();
  await expect(eng.getByRole("link", { name: displayName(3) })).toHaveCount(0);
  await eng.goto("/fleet");
  await eng.getByTestId("fleet-drifted").click();
  await expect(eng).toHaveURL(/\/clients\?drifted=1$/);
  await expect(eng.getByRole("link", { name: displayName(11) })).toBeVisible();
  // A search keeps the filter.
  await eng.getByLabel("Search clients").fill(fleetSlug(prefix, 11));
  await eng.getByRole("button", { name: "Search" }).click();
  await expect(eng).toHaveURL(/drifted=1/);
  await expect(eng.getByRole("link", { name: displayName(11) })).toBeVisible();
  await expectAccessible(eng);
});

test("an account manager gets the 403 page for the fleet, and no Fleet link", async ({ browser }) => {
  const am = await as(browser, "ACCOUNT_MANAGER");
  await am.goto("/fleet");
  // The 403 page inside the navigation (the status is 200: loading.tsx streams the shell first, as on /reviews).
  await expect(am.getByText("403 — You don’t have access to this page")).toBeVisible();
  await expect(am.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Fleet" })).toHaveCount(0);
  const auditor = await as(browser, "AUDITOR");
  await auditor.goto("/");
  await auditor.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Fleet" }).click();
  await expect(auditor.getByRole("heading", { level: 1 })).toHaveText("Fleet");
  // An account manager id that is not on the list is named under the filter; the page shows everyone's clients.
  await auditor.goto("/fleet?ownerId=nobody-has-this-id");
  await expect(auditor.getByText("Choose an account manager from the list.")).toBeVisible();
  await expect(auditor.getByLabel("Account manager")).toHaveValue("");
  // The clients list says the same of a link naming nobody, and lists no one's clients.
  await auditor.goto("/clients?behind=1&owner=nobody-has-this-id");
  await expect(auditor.getByRole("alert").filter({ hasText: "an account manager Stackport does not know (owner)" })).toBeVisible();
  await expect(
    auditor.getByText("No clients of an account manager Stackport does not know, behind the current blueprint version"),
  ).toBeVisible();
});
