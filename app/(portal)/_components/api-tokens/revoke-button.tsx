"use client";

import { useActionState } from "react";
import { revokeTokenAction } from "../../tokens/actions";
import { revokeServiceTokenAction } from "../../admin/service-accounts/actions";
import { initialResult } from "@/lib/actions/result";
import { Button } from "@/components/ui/button";

/** Revokes one token at once (the change log records who did it). */
export function RevokeButton({ tokenId, label, kind }: { tokenId: string; label: string; kind: "own" | "service" }) {
  const [state, action, pending] = useActionState(kind === "own" ? revokeTokenAction : revokeServiceTokenAction, initialResult);
  return (
    <form action={action}>
      <input type="hidden" name="tokenId" value={tokenId} />
      <Button type="submit" variant="danger" disabled={pending} aria-label={`Revoke ${label}`}>
        {pending ? "Revoking…" : "Revoke"}
      </Button>
      <p aria-live="polite" className="mt-1 text-sm text-red-700">
        {state.ok ? "" : (state.formError ?? "")}
      </p>
    </form>
  );
}
