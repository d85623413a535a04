"use client";

import { useActionState } from "react";
import { createRolloutAction } from "../../actions";
import { initialResult } from "@/lib/actions/result";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";

export function PrepareForm({
  selection,
  disabled,
  toVersion,
}: {
  selection: Record<string, string>;
  disabled: boolean;
  toVersion: string;
}) {
  const [state, action, pending] = useActionState(createRolloutAction, initialResult);
  const errors = state.ok ? {} : state.fieldErrors;
  const selectionErrors = Object.entries(errors)
    .filter(([k]) => k !== "reason")
    .flatMap(([, v]) => v ?? []);
  return (
    <form action={action} className="space-y-4">
      {Object.entries(selection).map(([name, value]) => (value ? <input key={name} type="hidden" name={name} value={value} /> : null))}
      {!state.ok && state.formError ? <Alert tone="danger">{state.formError}</Alert> : null}
      {selectionErrors.length ? (
        <p className="text-sm text-red-700" role="alert">
          {selectionErrors.join(" ")}
        </p>
      ) : null}
      <Field id="reason" label="Why" hint="Shown to reviewers and in the change log (optional)." errors={errors.reason}>
        {(p) => <textarea {...p} name="reason" rows={3} defaultValue={state.ok ? "" : (state.values?.reason ?? "")} />}
      </Field>
      <Button type="submit" disabled={disabled || pending}>
        {pending ? "Preparing…" : `Prepare the rollout of ${toVersion}`}
      </Button>
    </form>
  );
}
