import { z } from "zod";
import { isTimeZone, WEEKDAYS } from "./window";

// The maintenance-window form and "run now", shared by the server actions and the tests.

export const maintenanceWindowSchema = z.object({
  clientId: z.string().trim().min(1, "is required"),
  day: z.enum(WEEKDAYS, "Choose a day of the week"),
  start: z
    .string()
    .trim()
    .regex(/^([01]\d|2[0-3]):[0-5]\d$/, "Use a 24-hour time such as 02:00"),
  durationMinutes: z.coerce
    .number("Enter the window's length in minutes")
    .int("Use whole minutes")
    .min(15, "A window must last at least 15 minutes")
    .max(1440, "A window can last at most 24 hours (1440 minutes)"),
  timeZone: z
    .string()
    .trim()
    .min(1, "Enter a time zone such as Australia/Sydney")
    .refine(isTimeZone, "Not a time zone we know: use an IANA name such as Australia/Sydney"),
});
export type MaintenanceWindowInput = z.infer<typeof maintenanceWindowSchema>;

export const runNowSchema = z.object({ requestId: z.string().trim().min(1, "is required") });
