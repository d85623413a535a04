"use client";

import { useActionState } from "react";
import { createServiceAccountAction } from "../actions";
import { initialResult } from "@/lib/actions/result";
import { ROLE_LABELS } from "@/lib/auth/roles";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";

export function CreateAccountForm() {
  const [state, action, pending] = useActionState(createServiceAccountAction, initialResult);
  const errors = state.ok ? {} : state.fieldErrors;
  const values = state.ok ? {} : (state.values ?? {});
  return (
    <form action={action} className="space-y-4" noValidate key={state.ok ? `done-${state.message}` : JSON.stringify(values)}>
      {state.ok && state.message ? <Alert tone="success">{state.message}</Alert> : null}
      {!state.ok && state.formError ? <Alert tone="danger">{state.formError}</Alert> : null}
      <Field id="sa-name" label="Name" hint="The system that will use it, e.g. CRM." errors={errors.name}>
        {(p) => <input {...p} name="name" autoComplete="off" defaultValue={values.name} />}
      </Field>
      <Field id="sa-role" label="Role" hint="Service accounts file and read; they never approve." errors={errors.role}>
        {(p) => (
          <select {...p} name="role" defaultValue={values.role ?? "ACCOUNT_MANAGER"}>
            <option value="ACCOUNT_MANAGER">{ROLE_LABELS.ACCOUNT_MANAGER}</option>
            <option value="AUDITOR">{ROLE_LABELS.AUDITOR}</option>
          </select>
        )}
      </Field>
      <Field id="sa-description" label="Description" hint="Optional: who runs it." errors={errors.description}>
        {(p) => <input {...p} name="description" autoComplete="off" defaultValue={values.description} />}
      </Field>
      <Button type="submit" disabled={pending}>
        {pending ? "Adding…" : "Add service account"}
      </Button>
    </form>
  );
}
