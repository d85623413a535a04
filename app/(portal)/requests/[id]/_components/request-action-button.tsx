"use client";

import { useActionState } from "react";
import { cancelAction, rerenderAction, runNowAction } from "../actions";
import { initialResult } from "@/lib/actions/result";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";

const ACTIONS = { cancel: cancelAction, rerender: rerenderAction, "run-now": runNowAction };

/** A one-button form for cancel, re-render and run now, with its outcome shown beside it. */
export function RequestActionButton({
  requestId,
  kind,
  label,
  variant = "secondary",
}: {
  requestId: string;
  kind: keyof typeof ACTIONS;
  label: string;
  variant?: "secondary" | "danger" | "primary";
}) {
  const [state, action, pending] = useActionState(ACTIONS[kind], initialResult);
  return (
    <form action={action} className="space-y-2">
      <input type="hidden" name="requestId" value={requestId} />
      <Button type="submit" variant={variant} disabled={pending}>
        {label}
      </Button>
      {!state.ok && state.formError ? <Alert tone="danger">{state.formError}</Alert> : null}
    </form>
  );
}
