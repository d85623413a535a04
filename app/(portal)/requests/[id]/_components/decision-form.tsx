"use client";

import { useActionState } from "react";
import { decideAction } from "../actions";
import { initialResult } from "@/lib/actions/result";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";

export function DecisionForm({ requestId, version, approvalsNote }: { requestId: string; version: number; approvalsNote: string }) {
  const [state, action, pending] = useActionState(decideAction, initialResult);
  const errors = state.ok ? {} : state.fieldErrors;
  return (
    <form action={action} className="space-y-4">
      <input type="hidden" name="requestId" value={requestId} />
      <input type="hidden" name="version" value={version} />
      {!state.ok && state.formError ? <Alert tone="danger">{state.formError}</Alert> : null}
      <p className="text-sm text-slate-700">{approvalsNote}</p>
      <Field id="comment" label="Comment" hint="Optional when approving; required when rejecting." errors={errors.comment}>
        {(p) => <textarea {...p} name="comment" rows={3} />}
      </Field>
      <div className="flex gap-3">
        <Button type="submit" name="decision" value="approve" disabled={pending}>
          Approve
        </Button>
        <Button type="submit" name="decision" value="reject" variant="danger" disabled={pending}>
          Reject
        </Button>
      </div>
    </form>
  );
}
