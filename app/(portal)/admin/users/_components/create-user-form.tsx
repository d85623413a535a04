"use client";

import { useActionState } from "react";
import { createUserAction } from "../actions";
import { initialResult } from "@/lib/actions/result";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";

export function CreateUserForm({ roles }: { roles: { value: string; label: string }[] }) {
  const [state, action, pending] = useActionState(createUserAction, initialResult);
  const errors = state.ok ? {} : state.fieldErrors;
  const values = state.ok ? {} : (state.values ?? {});
  return (
    <form action={action} className="space-y-4" noValidate key={state.ok ? "done" : JSON.stringify(values)}>
      {state.ok && state.message ? <Alert tone="success">{state.message}</Alert> : null}
      {!state.ok && state.formError ? <Alert tone="danger">{state.formError}</Alert> : null}
      <Field id="new-email" label="Email" errors={errors.email}>
        {(p) => <input {...p} name="email" type="email" autoComplete="off" defaultValue={values.email} />}
      </Field>
      <Field id="new-name" label="Name" errors={errors.name}>
        {(p) => <input {...p} name="name" autoComplete="off" defaultValue={values.name} />}
      </Field>
      <Field id="new-role" label="Role" errors={errors.role}>
        {(p) => (
          <select {...p} name="role" defaultValue={values.role ?? ""}>
            <option value="" disabled>
              Choose a role
            </option>
            {roles.map((r) => (
              <option key={r.value} value={r.value}>
                {r.label}
              </option>
            ))}
          </select>
        )}
      </Field>
      <Field id="new-password" label="Initial password" hint="At least 12 characters. Share it privately." errors={errors.password}>
        {(p) => <input {...p} name="password" type="password" autoComplete="new-password" />}
      </Field>
      <Button type="submit" disabled={pending}>
        {pending ? "Adding…" : "Add user"}
      </Button>
    </form>
  );
}
