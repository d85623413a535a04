// A client's maintenance window: its own when an account manager set one, else its blueprint's. Pure.
import type { Blueprint } from "../catalog";
import { WEEKDAYS, type MaintenanceWindow, type Weekday } from "./window";

export function clientWindow(
  client: {
    maintenanceDay: string | null;
    maintenanceStart: string | null;
    maintenanceMinutes: number | null;
    maintenanceZone: string | null;
  },
  blueprint: Pick<Blueprint, "maintenanceWindow">,
): MaintenanceWindow & { custom: boolean } {
  if (client.maintenanceDay && client.maintenanceStart && client.maintenanceMinutes && client.maintenanceZone) {
    return {
      day: (WEEKDAYS as readonly string[]).includes(client.maintenanceDay)
        ? (client.maintenanceDay as Weekday)
        : blueprint.maintenanceWindow.day,
      start: client.maintenanceStart,
      durationMinutes: client.maintenanceMinutes,
      timeZone: client.maintenanceZone,
      custom: true,
    };
  }
  return { ...blueprint.maintenanceWindow, custom: false };
}
