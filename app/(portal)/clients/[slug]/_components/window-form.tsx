"use client";

import { useActionState } from "react";
import { maintenanceWindowAction } from "../actions";
import { initialResult } from "@/lib/actions/result";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";

const DAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"];

/** The client's weekly maintenance window: when disruptive changes may run. */
export function WindowForm({
  clientId,
  window,
}: {
  clientId: string;
  window: { day: string; start: string; durationMinutes: number; timeZone: string };
}) {
  const [state, action, pending] = useActionState(maintenanceWindowAction, initialResult);
  const errors = state.ok ? {} : state.fieldErrors;
  const typed = state.ok ? undefined : state.values;
  return (
    <form action={action} className="space-y-3">
      <input type="hidden" name="clientId" value={clientId} />
      {state.ok && state.message ? <Alert tone="success">{state.message}</Alert> : null}
      {!state.ok && state.formError ? <Alert tone="danger">{state.formError}</Alert> : null}
      <Field id="window-day" label="Day" errors={errors.day}>
        {(p) => (
          <select {...p} name="day" defaultValue={typed?.day ?? window.day}>
            {DAYS.map((d) => (
              <option key={d} value={d}>
                {d[0].toUpperCase() + d.slice(1)}
              </option>
            ))}
          </select>
        )}
      </Field>
      <Field id="window-start" label="Starts at (24-hour, local)" errors={errors.start}>
        {(p) => <input {...p} name="start" defaultValue={typed?.start ?? window.start} />}
      </Field>
      <Field id="window-duration" label="Length in minutes" errors={errors.durationMinutes}>
        {(p) => <input {...p} name="durationMinutes" inputMode="numeric" defaultValue={typed?.durationMinutes ?? window.durationMinutes} />}
      </Field>
      <Field id="window-zone" label="Time zone" hint="An IANA name, e.g. Australia/Sydney" errors={errors.timeZone}>
        {(p) => <input {...p} name="timeZone" defaultValue={typed?.timeZone ?? window.timeZone} />}
      </Field>
      <Button type="submit" variant="secondary" disabled={pending}>
        Save window
      </Button>
    </form>
  );
}
