"use client";

import { useActionState } from "react";
import { confirmRoleAction } from "../actions";
import { initialResult } from "@/lib/actions/result";
import { Button } from "@/components/ui/button";

/** A second administrator confirms a new ENGINEER or ADMIN grant, so it may approve changes (lib/auth/grants.ts). */
export function ConfirmRole({ userId, email }: { userId: string; email: string }) {
  const [state, action, pending] = useActionState(confirmRoleAction, initialResult);
  return (
    <form action={action} className="mt-1 flex flex-wrap items-center gap-2">
      <input type="hidden" name="userId" value={userId} />
      <Button type="submit" variant="secondary" disabled={pending} aria-label={`Confirm the role of ${email}`}>
        Confirm role
      </Button>
      <span aria-live="polite" className="text-xs text-slate-600">
        {state.ok ? state.message : state.formError}
      </span>
    </form>
  );
}
