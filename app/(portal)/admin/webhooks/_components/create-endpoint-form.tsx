"use client";

import { useActionState } from "react";
import { createEndpointAction } from "../actions";
import { initialResult, type ActionResult } from "@/lib/actions/result";
import { EVENT_LABELS, WEBHOOK_EVENTS } from "@/lib/notify/events";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { SecretOnce } from "./secret-once";

type Created = ActionResult<{ id: string; secret: string }>;

export function CreateEndpointForm() {
  const [state, action, pending] = useActionState<Created, FormData>(createEndpointAction, initialResult);
  const errors = state.ok ? {} : state.fieldErrors;
  const values = state.ok ? {} : (state.values ?? {});
  const eventErrors = Object.entries(errors)
    .filter(([k]) => k === "events" || k.startsWith("events."))
    .flatMap(([, v]) => v);
  return (
    <div className="space-y-4">
      {state.ok && state.data ? <SecretOnce id="created-secret" secret={state.data.secret} message={state.message} /> : null}
      <form action={action} className="space-y-4" noValidate key={state.ok ? `done-${state.data?.id}` : JSON.stringify(values)}>
        {!state.ok && state.formError ? <Alert tone="danger">{state.formError}</Alert> : null}
        <Field
          id="endpoint-url"
          label="URL"
          hint="https:// (plain http only to localhost). Receives a POST per notification."
          errors={errors.url}
        >
          {(p) => (
            <input
              {...p}
              name="url"
              type="url"
              inputMode="url"
              autoComplete="off"
              placeholder="https://hooks.example.com/stackport"
              defaultValue={values.url}
            />
          )}
        </Field>
        <Field
          id="endpoint-description"
          label="Description"
          hint="Optional: who receives it, e.g. the operations channel."
          errors={errors.description}
        >
          {(p) => <input {...p} name="description" autoComplete="off" defaultValue={values.description} />}
        </Field>
        <fieldset aria-describedby={eventErrors.length ? "endpoint-events-error" : undefined}>
          <legend className="text-sm font-medium text-slate-800">Events</legend>
          <div className="mt-2 space-y-1.5">
            {WEBHOOK_EVENTS.map((event) => (
              <label key={event} className="flex items-center gap-2 text-sm text-slate-800">
                <input
                  type="checkbox"
                  name={`event:${event}`}
                  defaultChecked={values[`event:${event}`] === "on"}
                  className="h-4 w-4 rounded border-slate-400"
                  aria-invalid={eventErrors.length ? true : undefined}
                />
                {EVENT_LABELS[event]} <code className="text-xs text-slate-600">{event}</code>
              </label>
            ))}
          </div>
          <p id="endpoint-events-error" aria-live="polite" className="mt-1 text-sm text-red-700">
            {eventErrors.join(" ")}
          </p>
        </fieldset>
        <Button type="submit" disabled={pending}>
          {pending ? "Adding…" : "Add endpoint"}
        </Button>
      </form>
    </div>
  );
}
