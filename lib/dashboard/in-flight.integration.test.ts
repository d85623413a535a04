import { afterAll, describe, expect, it } from "vitest";
import { db } from "../db";
import { launchesInFlight } from "./home";
import { liveStatus } from "../tracker/queries";
import { makeClientRow, makeUser, uniqueClientName } from "../../test/support/fixtures";

// The home pages' "In flight" list reads every client's progress in two queries (not live
// status's three per client); what it shows must be what the client's own page shows.
describe("operations in flight on the home pages", () => {
  afterAll(async () => {
    await db.$disconnect();
  });

  const at = (secondsAgo: number) => new Date(Date.now() - secondsAgo * 1000);

  const inFlightClient = (ownerId: string, status: string, updatedSecondsAgo: number) =>
    makeClientRow(ownerId, { name: uniqueClientName("InFlight"), status, updatedAt: at(updatedSecondsAgo) });

  async function operation(
    client: { id: string; slug: string },
    kind: string,
    phase: string,
    startedSecondsAgo: number,
    events: [logicalId: string, resourceType: string, status: string, secondsAgo: number][],
  ) {
    const op = await db.operation.create({
      data: {
        clientId: client.id,
        requestId: `req-${client.slug}-${kind}-${startedSecondsAgo}`,
        kind,
        phase,
        token: `t-${client.slug}-${kind}`,
        stackName: client.slug,
        resourcesTotal: 10,
        startedAt: at(startedSecondsAgo),
        ...(phase === "DONE" ? { finishedAt: at(startedSecondsAgo - 60), stackStatus: `${kind}_COMPLETE` } : {}),
      },
    });
    for (const [i, [logicalId, resourceType, status, secondsAgo]] of events.entries())
      await db.stackEvent.create({
        data: {
          eventId: `${op.id}-${i}`,
          operationId: op.id,
          clientId: client.id,
          logicalId,
          resourceType,
          status,
          reason: i % 2 ? "Resource creation Initiated" : null,
          timestamp: at(secondsAgo),
        },
      });
    return op;
  }

  it("shows each running operation's progress as the client page does, and Starting… before one runs", async () => {
    const owner = await makeUser("ACCOUNT_MANAGER");
    // A launch: two of ten resources done, two running.
    const launching = await inFlightClient(owner.id, "PROVISIONING", 30);
    await operation(launching, "CREATE", "IN_PROGRESS", 120, [
      ["Vpc", "AWS::EC2::VPC", "CREATE_IN_PROGRESS", 110],
      ["Vpc", "AWS::EC2::VPC", "CREATE_COMPLETE", 90],
      ["Bucket", "AWS::S3::Bucket", "CREATE_IN_PROGRESS", 100],
      ["Bucket", "AWS::S3::Bucket", "CREATE_COMPLETE", 80],
      ["Database", "AWS::RDS::DBInstance", "CREATE_IN_PROGRESS", 70],
      ["Cache", "AWS::ElastiCache::ReplicationGroup", "CREATE_IN_PROGRESS", 60],
    ]);
    // An update after a finished launch: the update's events count, not the launch's.
    const updating = await inFlightClient(owner.id, "UPDATING", 20);
    await operation(updating, "CREATE", "DONE", 4000, [
      ["Vpc", "AWS::EC2::VPC", "CREATE_IN_PROGRESS", 3990],
      ["Vpc", "AWS::EC2::VPC", "CREATE_COMPLETE", 3980],
    ]);
    await operation(updating, "UPDATE", "IN_PROGRESS", 50, [
      ["Group", "AWS::AutoScaling::AutoScalingGroup", "UPDATE_IN_PROGRESS", 40],
      ["Group", "AWS::AutoScaling::AutoScalingGroup", "UPDATE_FAILED", 10],
    ]);
    // Approved, the executor not there yet: only the finished launch exists.
    const waiting = await inFlightClient(owner.id, "UPDATING", 10);
    await operation(waiting, "CREATE", "DONE", 5000, [["Vpc", "AWS::EC2::VPC", "CREATE_COMPLETE", 4990]]);

    const items = await launchesInFlight({ ownerId: owner.id });
    expect(items.map((i) => i.slug)).toEqual([waiting.slug, updating.slug, launching.slug]);
    const bySlug = new Map(items.map((i) => [i.slug, i]));

    expect(bySlug.get(waiting.slug)!.progress).toBeNull();
    expect(bySlug.get(launching.slug)!.progress).toMatchObject({ done: 2, total: 10, percent: 20, failed: false });
    expect(bySlug.get(updating.slug)!.progress).toMatchObject({ done: 0, total: 10, failed: true, etaSeconds: null });
    for (const client of [launching, updating]) {
      const live = (await liveStatus(client.id))!.progress!;
      const shown = bySlug.get(client.slug)!.progress!;
      expect({ ...shown, etaSeconds: null }).toEqual({ ...live, etaSeconds: null });
      // The estimate is made a few milliseconds apart: at most a second's rounding.
      if (live.etaSeconds !== null) expect(Math.abs(shown.etaSeconds! - live.etaSeconds)).toBeLessThanOrEqual(1);
    }
    expect(bySlug.get(launching.slug)!.progress!.etaSeconds).toBeGreaterThan(0);
  });

  it("is empty when nothing runs", async () => {
    const owner = await makeUser("ACCOUNT_MANAGER");
    expect(await launchesInFlight({ ownerId: owner.id })).toEqual([]);
  });
});
