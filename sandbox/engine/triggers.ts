// Rollback triggers (RollbackConfiguration): the alarms a create or update watches while it runs
// and for MonitoringTimeInMinutes after every resource is deployed. One in ALARM rolls it back.
import type { Alarms } from "../cloudwatch/alarms";
import type { Operation } from "./model";

export const triggerReason = (arns: string[]) => `The following rollback trigger(s) are in ALARM state: [${arns.join(", ")}]`;

/** Why the operation cannot start: a trigger that does not exist, or one already in ALARM. */
export function triggerProblem(op: Operation, alarms: Alarms): string | undefined {
  const triggers = op.rollback?.triggers ?? [];
  const missing = triggers.filter((t) => !alarms.byArn(t.Arn)).map((t) => t.Arn);
  if (missing.length) return `The following rollback trigger(s) could not be found: [${missing.join(", ")}]`;
  const firing = triggers.filter((t) => alarms.byArn(t.Arn)?.state === "ALARM").map((t) => t.Arn);
  return firing.length ? triggerReason(firing) : undefined;
}

/** Whether the operation is in the part of its life the triggers watch. */
export const watching = (op: Operation | undefined): op is Operation =>
  !!op && !op.paused && (op.phase === "create" || op.phase === "update") && !!op.rollback?.triggers.length;
