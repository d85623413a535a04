"use client";

import { useActionState } from "react";
import { updateAction } from "../actions";
import { initialResult } from "@/lib/actions/result";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { ChangelogList, type ChangelogItem } from "@/components/ui/changelog-list";
import { Field } from "@/components/ui/field";

export interface UpdateSetting {
  parameter: string;
  label: string;
  description?: string;
  values?: string[];
  value: string;
}

/** Move a live client to the blueprint's current version and/or change the settings the blueprint lets a requester set. */
export function UpdateForm({
  clientId,
  version,
  current,
  entries,
  settings,
}: {
  clientId: string;
  version: string;
  current: string;
  entries: ChangelogItem[];
  settings: UpdateSetting[];
}) {
  const [state, action, pending] = useActionState(updateAction, initialResult);
  const errors = state.ok ? {} : state.fieldErrors;
  const typed = state.ok ? undefined : state.values;
  const changesError = errors.changes;
  return (
    <form action={action} className="space-y-3" aria-describedby="update-changes-error">
      <input type="hidden" name="clientId" value={clientId} />
      {!state.ok && state.formError && !changesError?.length ? <Alert tone="danger">{state.formError}</Alert> : null}
      {version !== current ? (
        <div className="rounded-md bg-amber-50 p-3 ring-1 ring-amber-200">
          <p className="text-sm font-medium text-amber-900">
            Available: {version} → {current}
          </p>
          <div className="mt-2">
            <ChangelogList entries={entries} />
          </div>
        </div>
      ) : (
        <p className="text-sm text-slate-700">The client runs the current blueprint version ({current}). Change its settings below.</p>
      )}
      <p id="update-changes-error" role="alert" aria-live="polite" className="text-sm text-red-700">
        {changesError?.join(" ") ?? ""}
      </p>
      {settings.map((s) => {
        const name = `overrides.${s.parameter}`;
        const value = typed?.[name] ?? s.value;
        return (
          <Field key={s.parameter} id={`update-${s.parameter}`} label={s.label} hint={s.description} errors={errors[name]}>
            {(p) =>
              s.values ? (
                <select {...p} name={name} defaultValue={value}>
                  {s.values.map((v) => (
                    <option key={v} value={v}>
                      {v}
                    </option>
                  ))}
                </select>
              ) : (
                <input {...p} name={name} defaultValue={value} autoComplete="off" />
              )
            }
          </Field>
        );
      })}
      <Field id="update-reason" label="Why update (optional)" errors={errors.reason}>
        {(p) => <input {...p} name="reason" defaultValue={typed?.reason ?? ""} />}
      </Field>
      <Button type="submit" disabled={pending}>
        Request update
      </Button>
    </form>
  );
}
