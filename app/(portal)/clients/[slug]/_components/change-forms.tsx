"use client";

import { useActionState } from "react";
import { decommissionAction, reapplyAction, resizeAction } from "../actions";
import { initialResult, type ActionResult } from "@/lib/actions/result";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";

function FormError({ state }: { state: ActionResult }) {
  return !state.ok && state.formError ? <Alert tone="danger">{state.formError}</Alert> : null;
}

export function ResizeForm({
  clientId,
  sizes,
  current,
}: {
  clientId: string;
  sizes: { id: string; label: string; note: string }[];
  current: string;
}) {
  const [state, action, pending] = useActionState(resizeAction, initialResult);
  const errors = state.ok ? {} : state.fieldErrors;
  return (
    <form action={action} className="space-y-3">
      <input type="hidden" name="clientId" value={clientId} />
      <FormError state={state} />
      <Field id="resize-size" label="New size" errors={errors.sizeId}>
        {(p) => (
          <select {...p} name="sizeId" defaultValue="">
            <option value="" disabled>
              Choose a size
            </option>
            {sizes
              .filter((s) => s.id !== current)
              .map((s) => (
                <option key={s.id} value={s.id}>
                  {s.label} — {s.note}
                </option>
              ))}
          </select>
        )}
      </Field>
      <Field id="resize-reason" label="Why (optional)" errors={errors.reason}>
        {(p) => <input {...p} name="reason" />}
      </Field>
      <Button type="submit" disabled={pending}>
        Request resize
      </Button>
    </form>
  );
}

export function ReapplyButton({ clientId, number }: { clientId: string; number: number }) {
  const [state, action, pending] = useActionState(reapplyAction, initialResult);
  const message = !state.ok ? (state.formError ?? Object.values(state.fieldErrors)[0]?.[0]) : undefined;
  return (
    <form action={action} className="inline">
      <input type="hidden" name="clientId" value={clientId} />
      <input type="hidden" name="revisionNumber" value={number} />
      <Button type="submit" variant="secondary" className="px-2 py-1 text-xs" disabled={pending}>
        Re-apply revision {number}
      </Button>
      {message ? (
        <span role="alert" className="ml-2 text-xs text-red-700">
          {message}
        </span>
      ) : null}
    </form>
  );
}

export function DecommissionForm({ clientId, slug }: { clientId: string; slug: string }) {
  const [state, action, pending] = useActionState(decommissionAction, initialResult);
  const errors = state.ok ? {} : state.fieldErrors;
  return (
    <form action={action} className="space-y-3">
      <input type="hidden" name="clientId" value={clientId} />
      <FormError state={state} />
      <p className="text-sm text-slate-700">
        Deletes the stack after approval. The database and cache keep a final snapshot; the uploads bucket is retained.
      </p>
      <Field id="decommission-reason" label="Reason" errors={errors.reason}>
        {(p) => <input {...p} name="reason" />}
      </Field>
      <Field id="decommission-confirm" label={`Type ${slug} to confirm`} errors={errors.confirmSlug}>
        {(p) => <input {...p} name="confirmSlug" autoComplete="off" />}
      </Field>
      <Button type="submit" variant="danger" disabled={pending}>
        Request decommission
      </Button>
    </form>
  );
}
