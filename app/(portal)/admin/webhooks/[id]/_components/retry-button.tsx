"use client";

import { useActionState } from "react";
import { retryDeliveryAction } from "../../actions";
import { initialResult } from "@/lib/actions/result";
import { Button } from "@/components/ui/button";

export function RetryButton({ endpointId, deliveryId }: { endpointId: string; deliveryId: string }) {
  const [state, action, pending] = useActionState(retryDeliveryAction, initialResult);
  const error = state.ok ? "" : (state.formError ?? "");
  return (
    <form action={action}>
      <input type="hidden" name="endpointId" value={endpointId} />
      <input type="hidden" name="deliveryId" value={deliveryId} />
      <Button type="submit" variant="secondary" disabled={pending} aria-label={`Retry delivery ${deliveryId} now`}>
        {pending ? "Queuing…" : "Retry now"}
      </Button>
      <p aria-live="polite" className="mt-1 text-xs text-red-700">
        {error}
      </p>
    </form>
  );
}
