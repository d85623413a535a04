import "server-only";
import { db } from "../db";
import { appendAudit } from "../audit/append";
import { authorize } from "../auth/policy";
import type { SessionUser } from "../auth/roles";
import { ForbiddenError, NotFoundError } from "../errors";
import type { MaintenanceWindowInput } from "./schemas";

/** An account manager sets a client's weekly maintenance window (validated by maintenanceWindowSchema), audited. */
export async function setMaintenanceWindow(user: SessionUser, input: MaintenanceWindowInput) {
  const decision = authorize(user, "client:onboard");
  if (!decision.allowed) throw new ForbiddenError(decision.reason);
  return db.$transaction(async (tx) => {
    const client = await tx.client.findUnique({ where: { id: input.clientId } });
    if (!client) throw new NotFoundError("That client");
    const updated = await tx.client.update({
      where: { id: client.id },
      data: {
        maintenanceDay: input.day,
        maintenanceStart: input.start,
        maintenanceMinutes: input.durationMinutes,
        maintenanceZone: input.timeZone,
      },
    });
    await appendAudit(tx, {
      actor: { id: user.id, label: user.email },
      action: "client.maintenance_window",
      entityType: "Client",
      entityId: client.id,
      clientId: client.id,
      before: client.maintenanceDay
        ? {
            day: client.maintenanceDay,
            start: client.maintenanceStart,
            durationMinutes: client.maintenanceMinutes,
            timeZone: client.maintenanceZone,
          }
        : { default: true },
      after: { day: input.day, start: input.start, durationMinutes: input.durationMinutes, timeZone: input.timeZone },
    });
    return updated;
  });
}
