"use client";

import { useActionState } from "react";
import { changeRoleAction, endSessionsAction, setDisabledAction } from "../actions";
import { initialResult } from "@/lib/actions/result";
import { Button } from "@/components/ui/button";

export function UserRowActions({
  userId,
  email,
  role,
  disabled,
  roles,
}: {
  userId: string;
  email: string;
  role: string;
  disabled: boolean;
  roles: { value: string; label: string }[];
}) {
  const [roleState, roleAction, rolePending] = useActionState(changeRoleAction, initialResult);
  const [disableState, disableAction, disablePending] = useActionState(setDisabledAction, initialResult);
  const [endState, endAction, endPending] = useActionState(endSessionsAction, initialResult);
  const error =
    (!roleState.ok && (roleState.formError ?? Object.values(roleState.fieldErrors)[0]?.[0])) ||
    (!disableState.ok && disableState.formError) ||
    (!endState.ok && endState.formError);
  return (
    <div className="flex flex-wrap items-center justify-end gap-2">
      <form action={roleAction} className="flex items-center gap-2">
        <input type="hidden" name="userId" value={userId} />
        <label className="sr-only" htmlFor={`role-${userId}`}>
          Role for {email}
        </label>
        <select
          id={`role-${userId}`}
          name="role"
          defaultValue={role}
          className="rounded-md border-0 py-1.5 pl-2 pr-8 text-sm ring-1 ring-inset ring-slate-300"
        >
          {roles.map((r) => (
            <option key={r.value} value={r.value}>
              {r.label}
            </option>
          ))}
        </select>
        <Button type="submit" variant="secondary" disabled={rolePending} aria-label={`Change role of ${email}`}>
          Change role
        </Button>
      </form>
      <form action={disableAction}>
        <input type="hidden" name="userId" value={userId} />
        <input type="hidden" name="disabled" value={disabled ? "false" : "true"} />
        <Button
          type="submit"
          variant={disabled ? "secondary" : "danger"}
          disabled={disablePending}
          aria-label={`${disabled ? "Enable" : "Disable"} ${email}`}
        >
          {disabled ? "Enable" : "Disable"}
        </Button>
      </form>
      <form action={endAction}>
        <input type="hidden" name="userId" value={userId} />
        <Button type="submit" variant="secondary" disabled={endPending} aria-label={`End the sessions of ${email}`}>
          End sessions
        </Button>
      </form>
      <p aria-live="polite" className="w-full text-right text-xs text-red-700">
        {error || ""}
      </p>
      {endState.ok && endState.message ? <p className="w-full text-right text-xs text-slate-600">{endState.message}</p> : null}
    </div>
  );
}
