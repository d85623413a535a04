"use client";

import { useActionState } from "react";
import { createTokenAction } from "../actions";
import { initialResult, type ActionResult } from "@/lib/actions/result";
import type { Scope } from "@/lib/api/tokens/scopes";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { TokenFields } from "../../_components/api-tokens/token-fields";
import { TokenOnce } from "../../_components/api-tokens/token-once";

export function CreateTokenForm({ scopes }: { scopes: readonly Scope[] }) {
  const [state, action, pending] = useActionState<ActionResult<{ id: string; token: string }>, FormData>(createTokenAction, initialResult);
  return (
    <div className="space-y-4">
      {state.ok && state.data ? <TokenOnce token={state.data.token} /> : null}
      <form action={action} className="space-y-4" noValidate key={state.ok ? `done-${state.data?.id}` : JSON.stringify(state.values)}>
        {!state.ok && state.formError ? <Alert tone="danger">{state.formError}</Alert> : null}
        <TokenFields
          idPrefix="token"
          scopes={scopes}
          errors={state.ok ? {} : state.fieldErrors}
          values={state.ok ? {} : (state.values ?? {})}
        />
        <Button type="submit" disabled={pending}>
          {pending ? "Creating…" : "Create token"}
        </Button>
      </form>
    </div>
  );
}
