"use client";

import { useActionState } from "react";
import { approveRolloutAction, controlRolloutAction, editWavesAction, retryTargetAction, skipTargetAction } from "../../actions";
import { initialResult } from "@/lib/actions/result";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";

// The rollout page's forms. Every rule is checked again on the server (lib/rollouts/decide.ts);
// errors come back under the field that caused them.

function FormError({ state }: { state: Awaited<ReturnType<typeof approveRolloutAction>> }) {
  if (state.ok) return null;
  const messages = [state.formError, ...Object.values(state.fieldErrors).flat()].filter(Boolean);
  return messages.length ? <Alert tone="danger">{[...new Set(messages)].join(" ")}</Alert> : null;
}

export function ApproveRolloutForm({
  rolloutId,
  version,
  manifestHash,
  note,
}: {
  rolloutId: string;
  version: number;
  manifestHash: string;
  note: string;
}) {
  const [state, action, pending] = useActionState(approveRolloutAction, initialResult);
  return (
    <form action={action} className="space-y-3">
      <input type="hidden" name="rolloutId" value={rolloutId} />
      <input type="hidden" name="version" value={version} />
      <input type="hidden" name="manifestHash" value={manifestHash} />
      <FormError state={state} />
      <p className="text-sm text-slate-700">{note}</p>
      <Field
        id="approve-comment"
        label="Comment"
        hint="Optional; kept with your approval."
        errors={state.ok ? undefined : state.fieldErrors.comment}
      >
        {(p) => <textarea {...p} name="comment" rows={2} />}
      </Field>
      <Button type="submit" disabled={pending}>
        Approve this manifest
      </Button>
    </form>
  );
}

export function ControlForm({
  rolloutId,
  version,
  control,
  label,
  variant = "secondary",
}: {
  rolloutId: string;
  version: number;
  control: "pause" | "resume" | "abort";
  label: string;
  variant?: "primary" | "secondary" | "danger";
}) {
  const [state, action, pending] = useActionState(controlRolloutAction, initialResult);
  return (
    <form action={action} className="inline-block">
      <input type="hidden" name="rolloutId" value={rolloutId} />
      <input type="hidden" name="version" value={version} />
      <input type="hidden" name="control" value={control} />
      <FormError state={state} />
      <Button type="submit" variant={variant} disabled={pending}>
        {label}
      </Button>
    </form>
  );
}

export function SkipForm({ rolloutId, targetId, clientName }: { rolloutId: string; targetId: string; clientName: string }) {
  const [state, action, pending] = useActionState(skipTargetAction, initialResult);
  return (
    <form action={action} className="flex flex-wrap items-end gap-2">
      <input type="hidden" name="rolloutId" value={rolloutId} />
      <input type="hidden" name="targetId" value={targetId} />
      <FormError state={state} />
      <Field id={`skip-${targetId}`} label={`Reason to skip ${clientName}`} errors={state.ok ? undefined : state.fieldErrors.reason}>
        {(p) => <input {...p} name="reason" required minLength={3} maxLength={500} />}
      </Field>
      <Button type="submit" variant="secondary" disabled={pending}>
        Skip
      </Button>
    </form>
  );
}

export function RetryForm({ rolloutId, targetId, clientName }: { rolloutId: string; targetId: string; clientName: string }) {
  const [state, action, pending] = useActionState(retryTargetAction, initialResult);
  return (
    <form action={action}>
      <input type="hidden" name="rolloutId" value={rolloutId} />
      <input type="hidden" name="targetId" value={targetId} />
      <FormError state={state} />
      <Button type="submit" variant="secondary" disabled={pending} aria-label={`Retry ${clientName}`}>
        Retry
      </Button>
    </form>
  );
}

export interface WaveInput {
  count: number;
  maxConcurrency: number;
  bakeMinutes: number;
  toleranceKind: "count" | "percent";
  toleranceValue: number;
  label: string;
}

const input = "block w-24 rounded-md border-0 px-2 py-1 text-sm ring-1 ring-inset ring-slate-300";

/** The wave plan, editable before approval; one spare row adds a wave, an emptied row removes one. */
export function WavesForm({ rolloutId, version, waves }: { rolloutId: string; version: number; waves: WaveInput[] }) {
  const [state, action, pending] = useActionState(editWavesAction, initialResult);
  const errors = state.ok ? {} : state.fieldErrors;
  const rows = [
    ...waves,
    { count: "", maxConcurrency: "", bakeMinutes: "", toleranceKind: "count", toleranceValue: "", label: "Add a wave" },
  ];
  const cell = (i: number, name: string, value: string | number, label: string) => {
    const key = `waves.${i}.${name}`;
    const error = errors[key] ?? (name === "toleranceValue" ? errors[`waves.${i}.tolerance`] : undefined);
    return (
      <td className="px-2 py-1 align-top">
        <label className="sr-only" htmlFor={key}>
          {label}
        </label>
        <input
          id={key}
          name={key}
          defaultValue={value}
          inputMode="numeric"
          className={input}
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? `${key}-error` : undefined}
        />
        {error ? (
          <p id={`${key}-error`} className="mt-1 max-w-40 text-xs text-red-700">
            {error.join(" ")}
          </p>
        ) : null}
      </td>
    );
  };
  return (
    <form action={action} className="space-y-3">
      <input type="hidden" name="rolloutId" value={rolloutId} />
      <input type="hidden" name="version" value={version} />
      {!state.ok && (state.formError || errors.waves || errors.selection) ? (
        <Alert tone="danger">{[...(errors.waves ?? []), ...(errors.selection ?? [])].join(" ") || state.formError}</Alert>
      ) : null}
      <div className="overflow-x-auto">
        <table className="text-sm">
          <caption className="sr-only">Wave plan</caption>
          <thead>
            <tr className="text-left text-xs text-slate-600">
              <th className="px-2 py-1 font-medium">Wave</th>
              <th className="px-2 py-1 font-medium">Clients</th>
              <th className="px-2 py-1 font-medium">At once</th>
              <th className="px-2 py-1 font-medium">Bake (min)</th>
              <th className="px-2 py-1 font-medium">Tolerance</th>
              <th className="px-2 py-1 font-medium">as</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((w, i) => (
              <tr key={i}>
                <th scope="row" className="px-2 py-1 text-left font-normal text-slate-700">
                  {w.label}
                </th>
                {cell(i, "count", w.count, `Clients in ${w.label}`)}
                {cell(i, "maxConcurrency", w.maxConcurrency, `Clients at once in ${w.label}`)}
                {cell(i, "bakeMinutes", w.bakeMinutes, `Bake minutes of ${w.label}`)}
                {cell(i, "toleranceValue", w.toleranceValue, `Failures ${w.label} tolerates`)}
                <td className="px-2 py-1 align-top">
                  <label className="sr-only" htmlFor={`waves.${i}.toleranceKind`}>
                    Tolerance of {w.label} as
                  </label>
                  <select
                    id={`waves.${i}.toleranceKind`}
                    name={`waves.${i}.toleranceKind`}
                    defaultValue={w.toleranceKind}
                    className={input}
                  >
                    <option value="count">failures</option>
                    <option value="percent">per cent</option>
                  </select>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <Button type="submit" variant="secondary" disabled={pending}>
        Save the waves
      </Button>
    </form>
  );
}
