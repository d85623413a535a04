import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "../db";
import { getBlueprint } from "../catalog";
import { personWithToken } from "../../test/support/api";
import { stackport } from "../../test/support/cli";
import { startRolloutWorld, type RolloutWorld } from "../../test/support/rollouts";

// `stackport rollouts …` against the real router, with the sandbox and the worker's passes run in
// this process (test/support/rollouts.ts): count, create, show the manifest, and approve only the
// hash the engineer passes — a stale one is refused with the API's field message.

let world: RolloutWorld;
let am: Awaited<ReturnType<typeof personWithToken>>;
let eng: Awaited<ReturnType<typeof personWithToken>>;
let eng2: Awaited<ReturnType<typeof personWithToken>>;
const current = getBlueprint("stateless-web")!.version;

beforeAll(async () => {
  world = await startRolloutWorld();
  [am, eng, eng2] = await Promise.all([
    personWithToken("ACCOUNT_MANAGER"),
    personWithToken("ENGINEER"),
    personWithToken("ENGINEER", [], "engineer2"),
  ]);
}, 60_000);

afterAll(async () => {
  await world?.sandbox.stop();
});

describe("stackport rollouts", () => {
  it("counts, creates, shows the manifest hash, refuses a stale hash, and a second engineer approves the one shown", async () => {
    const [client] = await world.launchOnFirstVersion(am.user, eng.user, [{ environment: "staging", prefix: "Cli Rollout" }]);
    const owner = ["--owner", am.user.id];

    const count = await stackport(eng.token, "rollouts", "count", "--env", "staging", ...owner);
    expect(count.code, count.stderr).toBe(0);
    expect(count.stdout).toBe(`1 live client behind ${current} matches.`);
    const badCount = await stackport(eng.token, "rollouts", "count", "--behind", "newest", ...owner);
    expect(badCount.code).toBe(1);
    expect(badCount.stderr).toContain("behindVersion: Use a version such as 1.1.0");

    const created = await stackport(eng.token, "rollouts", "create", "--reason", "Alarms for every client", ...owner);
    expect(created.code, created.stderr).toBe(0);
    const id = /^Rollout (\S+) of stateless-web \S+ is being prepared/.exec(created.stdout)?.[1];
    expect(id, created.stdout).toBeTruthy();
    const rollout = await world.until("the review", async () => {
      const r = await db.rollout.findUniqueOrThrow({ where: { id } });
      return r.state === "REVIEW" && r;
    });

    const shown = await stackport(eng2.token, "rollouts", "show", id!);
    expect(shown.code, shown.stderr).toBe(0);
    expect(shown.stdout).toContain("Waiting for approval (0 of 1 approval) to update 1 client.");
    expect(shown.stdout).toMatch(/ {2}A: 1 client · \S+ a month/);
    expect(shown.stdout).toMatch(/(adds|modifies) UnhealthyHostsAlarm/);
    expect(shown.stdout).toContain(`Manifest sha256: ${rollout.manifestHash}`);
    expect(shown.stdout).toContain("Wave 1: staging canary");
    expect((await stackport(eng.token, "rollouts", "list")).stdout).toMatch(new RegExp(`${id}.*Waiting for approval`));

    const stale = await stackport(eng2.token, "rollouts", "approve", id!, "--manifest", "0".repeat(64));
    expect(stale.code).toBe(1);
    expect(stale.stderr).toContain("manifestHash: The rollout changed since you opened it: review what it deploys now, then approve");
    expect(await db.rolloutApproval.count({ where: { rolloutId: id } })).toBe(0);
    const unhashed = await stackport(eng2.token, "rollouts", "approve", id!);
    expect(unhashed.code).toBe(2);

    const approved = await stackport(
      eng2.token,
      "rollouts",
      "approve",
      id!,
      "--manifest",
      rollout.manifestHash!,
      "--comment",
      "Read the diff",
    );
    expect(approved.code, approved.stderr).toBe(0);
    expect(approved.stdout).toContain(`Approved ${id}`);
    const paused = await stackport(eng.token, "rollouts", "pause", id!, "--reason", "Checking the dashboards first");
    expect(paused.code, paused.stderr).toBe(0);
    expect(paused.stdout).toBe(`Paused ${id}: it is paused.`);
    expect(await db.rolloutApproval.findMany({ where: { rolloutId: id }, select: { approverId: true, manifestHash: true } })).toEqual([
      { approverId: eng2.user.id, manifestHash: rollout.manifestHash },
    ]);
    const targets = await stackport(eng.token, "rollouts", "targets", id!);
    expect(targets.stdout).toContain(client.slug);
  });
});
