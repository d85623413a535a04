import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "../db";
import type { SessionUser } from "../auth/roles";
import { ConflictError, ForbiddenError } from "../errors";
import { attachChangeSet, makeUser, markLive, uniqueClientName } from "../../test/support/fixtures";
import { onboardClient } from "../changes/onboard-client";
import { approveRequest } from "../changes/decide";
import { beginExecution } from "../changes/execute";
import { requestUpdate } from "../changes/request-update";
import { rerenderRequest } from "../changes/rerender";
import { mayBeginNow } from "./schedule";
import { runNow } from "./run-now";
import { setMaintenanceWindow } from "./set-window";
import { maintenanceWindowSchema } from "./schemas";

// The clock is injected: "now" is Wednesday 2 December 2026 11:00 in Sydney; the blueprint's
// default window is Sundays 02:00 for 4 hours, Australia/Sydney (AEDT), i.e. 15:00–19:00 UTC Saturday.
const WEDNESDAY = new Date("2026-12-02T00:00:00Z");
const IN_WINDOW = new Date("2026-12-05T15:30:00Z");
const AFTER_WINDOW = new Date("2026-12-05T20:00:00Z");
const CERT = "arn:aws:acm:us-east-1:123456789012:certificate/0a1b2c3d-1111-2222-3333-444455556666";

let am: SessionUser, eng: SessionUser;
beforeAll(async () => {
  [am, eng] = await Promise.all([makeUser("ACCOUNT_MANAGER"), makeUser("ENGINEER")]);
  // Subscribed, so the "scheduled" notification lands in the outbox.
  await db.webhookEndpoint.create({
    data: {
      url: "https://hooks.example.com/x",
      secret: "s".repeat(32),
      events: JSON.stringify(["request.scheduled"]),
      createdById: eng.id,
    },
  });
});
afterAll(async () => {
  await db.$disconnect();
});

async function approvedUpdate(overrides: Record<string, string>) {
  const onboarding = await onboardClient(am, {
    displayName: uniqueClientName("Window"),
    environment: "production",
    region: "us-east-1",
    blueprintId: "stateless-web",
    sizeId: "medium",
  });
  await approveRequest(eng, { requestId: onboarding.id, version: onboarding.version });
  await markLive(onboarding.id);
  const update = await requestUpdate(am, { clientId: onboarding.clientId, overrides });
  const version = await attachChangeSet(update.id);
  await approveRequest(eng, { requestId: update.id, version });
  return db.changeRequest.findUniqueOrThrow({ where: { id: update.id } });
}

const actionsOf = async (requestId: string) =>
  (await db.auditEntry.findMany({ where: { entityId: requestId }, orderBy: { seq: "asc" } })).map((e) => e.action);

describe("maintenance windows", () => {
  it("a non-disruptive change (a certificate) may begin at once", async () => {
    const request = await approvedUpdate({ CertificateArn: CERT });
    expect(await mayBeginNow(request.id, WEDNESDAY)).toBe(true);
    expect((await db.changeRequest.findUniqueOrThrow({ where: { id: request.id } })).scheduledFor).toBeNull();
  });

  it("a disruptive change waits for the window: scheduled once by two workers, begun once, also after a restart", async () => {
    const request = await approvedUpdate({ DatabaseEngine: "mysql" });
    // Two workers see it at the same moment outside the window.
    expect(await Promise.all([mayBeginNow(request.id, WEDNESDAY), mayBeginNow(request.id, WEDNESDAY)])).toEqual([false, false]);
    const scheduled = await db.changeRequest.findUniqueOrThrow({ where: { id: request.id } });
    expect(scheduled.scheduledFor?.toISOString()).toBe("2026-12-05T15:00:00.000Z");
    expect(scheduled.scheduledUntil?.toISOString()).toBe("2026-12-05T19:00:00.000Z");
    expect((await actionsOf(request.id)).filter((a) => a === "request.schedule")).toHaveLength(1);
    const hooks = await db.webhookDelivery.findMany({ where: { event: "request.scheduled" } });
    expect(hooks.filter((h) => JSON.parse(h.payload).data.request.id === request.id)).toHaveLength(1);
    // Later that day, still outside: nothing starts, nothing more is written.
    expect(await mayBeginNow(request.id, new Date("2026-12-03T00:00:00Z"))).toBe(false);

    // "Restart": nothing is held in memory, so fresh workers read the schedule from the row. In the window, both may go …
    expect(await Promise.all([mayBeginNow(request.id, IN_WINDOW), mayBeginNow(request.id, IN_WINDOW)])).toEqual([true, true]);
    // … and exactly one begins it.
    const begun = await Promise.allSettled([
      beginExecution(request.id, "worker-a", 15_000),
      beginExecution(request.id, "worker-b", 15_000),
    ]);
    const operations = await db.operation.findMany({ where: { requestId: request.id } });
    expect(operations).toHaveLength(1);
    expect(begun.filter((b) => b.status === "fulfilled" && b.value).length).toBe(1);
    for (const b of begun) if (b.status === "rejected") expect(b.reason).toBeInstanceOf(ConflictError);
    expect((await actionsOf(request.id)).filter((a) => a === "request.execute")).toHaveLength(1);
  });

  it("a window that closed before the change could begin moves it to the next window", async () => {
    const request = await approvedUpdate({ DatabaseEngine: "mysql" });
    expect(await mayBeginNow(request.id, WEDNESDAY)).toBe(false);
    expect(await mayBeginNow(request.id, AFTER_WINDOW)).toBe(false);
    const moved = await db.changeRequest.findUniqueOrThrow({ where: { id: request.id } });
    expect(moved.scheduledFor?.toISOString()).toBe("2026-12-12T15:00:00.000Z");
    expect(await actionsOf(request.id)).toContain("request.reschedule");
  });

  it("a re-render sends it back to review and drops its schedule", async () => {
    const request = await approvedUpdate({ DatabaseEngine: "mysql" });
    expect(await mayBeginNow(request.id, WEDNESDAY)).toBe(false);
    await rerenderRequest(am, { requestId: request.id });
    expect(await db.changeRequest.findUniqueOrThrow({ where: { id: request.id } })).toMatchObject({
      state: "PENDING",
      scheduledFor: null,
      scheduledUntil: null,
    });
  });

  it("an approver may run it now (recorded); the requester may not", async () => {
    const request = await approvedUpdate({ DatabaseEngine: "mysql" });
    expect(await mayBeginNow(request.id, WEDNESDAY)).toBe(false);
    await expect(runNow(am, { requestId: request.id })).rejects.toBeInstanceOf(ForbiddenError);
    await runNow(eng, { requestId: request.id });
    expect(await mayBeginNow(request.id, WEDNESDAY)).toBe(true);
    const entry = await db.auditEntry.findFirstOrThrow({ where: { entityId: request.id, action: "request.run_now" } });
    expect(entry.actorLabel).toBe(eng.email);
    await expect(runNow(eng, { requestId: request.id })).rejects.toBeInstanceOf(ConflictError);
  });

  it("uses the client's own window once an account manager sets it (audited); bad input is refused on its field", async () => {
    const request = await approvedUpdate({ DatabaseEngine: "mysql" });
    const bad = maintenanceWindowSchema.safeParse({
      clientId: request.clientId,
      day: "wednesday",
      start: "13:00",
      durationMinutes: "0",
      timeZone: "Mars/Olympus",
    });
    expect(bad.success).toBe(false);
    expect(bad.error!.issues.map((i) => i.path[0]).sort()).toEqual(["durationMinutes", "timeZone"]);
    const input = maintenanceWindowSchema.parse({
      clientId: request.clientId,
      day: "wednesday",
      start: "10:30",
      durationMinutes: "60",
      timeZone: "Australia/Sydney",
    });
    await expect(setMaintenanceWindow(eng, input)).rejects.toBeInstanceOf(ForbiddenError);
    await setMaintenanceWindow(am, input);
    // Wednesday 11:00 Sydney is inside Wednesday 10:30–11:30: the disruptive change may go now.
    expect(await mayBeginNow(request.id, WEDNESDAY)).toBe(true);
    expect(await db.auditEntry.count({ where: { clientId: request.clientId, action: "client.maintenance_window" } })).toBe(1);
  });
});
