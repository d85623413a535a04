"use client";

import { useActionState } from "react";
import { deleteEndpointAction, rotateSecretAction, sendPingAction, setEnabledAction } from "../actions";
import { initialResult, type ActionResult } from "@/lib/actions/result";
import { Button } from "@/components/ui/button";
import { SecretOnce } from "./secret-once";

const firstError = (state: ActionResult<unknown>) => (state.ok ? "" : (state.formError ?? Object.values(state.fieldErrors)[0]?.[0] ?? ""));
const message = (state: ActionResult<unknown>) => (state.ok ? (state.message ?? "") : "");

/** Test ping, enable or disable, rotate the secret, delete: one endpoint's buttons. */
export function EndpointActions({ endpointId, label, enabled }: { endpointId: string; label: string; enabled: boolean }) {
  const [ping, pingAction, pinging] = useActionState(sendPingAction, initialResult);
  const [toggle, toggleAction, toggling] = useActionState(setEnabledAction, initialResult);
  const [rotate, rotateAction, rotating] = useActionState<ActionResult<{ id: string; secret: string }>, FormData>(
    rotateSecretAction,
    initialResult,
  );
  const [remove, removeAction, removing] = useActionState(deleteEndpointAction, initialResult);
  const error = [ping, toggle, rotate, remove].map(firstError).find(Boolean) ?? "";
  const done = [ping, toggle, remove].map(message).find(Boolean) ?? "";
  return (
    <div className="space-y-2">
      <div className="flex flex-wrap gap-2">
        <form action={pingAction}>
          <input type="hidden" name="endpointId" value={endpointId} />
          <Button type="submit" variant="secondary" disabled={pinging || !enabled} aria-label={`Send a test ping to ${label}`}>
            {pinging ? "Sending…" : "Send test ping"}
          </Button>
        </form>
        <form action={toggleAction}>
          <input type="hidden" name="endpointId" value={endpointId} />
          <input type="hidden" name="enabled" value={enabled ? "false" : "true"} />
          <Button type="submit" variant="secondary" disabled={toggling} aria-label={`${enabled ? "Disable" : "Enable"} ${label}`}>
            {enabled ? "Disable" : "Enable"}
          </Button>
        </form>
        <form action={rotateAction}>
          <input type="hidden" name="endpointId" value={endpointId} />
          <Button type="submit" variant="secondary" disabled={rotating} aria-label={`Rotate the secret of ${label}`}>
            Rotate secret
          </Button>
        </form>
      </div>
      <details className="text-sm">
        <summary className="cursor-pointer text-red-800">Delete…</summary>
        <form action={removeAction} className="mt-2 flex flex-wrap items-center gap-2">
          <input type="hidden" name="endpointId" value={endpointId} />
          <label className="flex items-center gap-2">
            <input type="checkbox" name="confirm" className="h-4 w-4" />
            Delete this endpoint and its delivery log
          </label>
          <Button type="submit" variant="danger" disabled={removing} aria-label={`Delete ${label}`}>
            Delete
          </Button>
        </form>
      </details>
      {rotate.ok && rotate.data ? <SecretOnce id={`rotated-${endpointId}`} secret={rotate.data.secret} message={rotate.message} /> : null}
      <p aria-live="polite" className="text-xs text-red-700">
        {error}
      </p>
      <p aria-live="polite" className="text-xs text-emerald-800">
        {done}
      </p>
    </div>
  );
}
