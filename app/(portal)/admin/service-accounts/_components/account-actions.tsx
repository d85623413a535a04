"use client";

import { useActionState } from "react";
import { createServiceTokenAction, setServiceAccountDisabledAction } from "../actions";
import { initialResult, type ActionResult } from "@/lib/actions/result";
import type { Scope } from "@/lib/api/tokens/scopes";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { TokenFields } from "../../../_components/api-tokens/token-fields";
import { TokenOnce } from "../../../_components/api-tokens/token-once";

/** One service account's token form and its enable/disable button. */
export function AccountActions({
  accountId,
  userId,
  name,
  disabled,
  scopes,
}: {
  accountId: string;
  userId: string;
  name: string;
  disabled: boolean;
  /** The scopes its role can use. */
  scopes: readonly Scope[];
}) {
  const [created, createAction, creating] = useActionState<ActionResult<{ id: string; token: string }>, FormData>(
    createServiceTokenAction,
    initialResult,
  );
  const [toggled, toggleAction, toggling] = useActionState(setServiceAccountDisabledAction, initialResult);
  return (
    <div className="space-y-3">
      {created.ok && created.data ? <TokenOnce token={created.data.token} /> : null}
      {toggled.ok && toggled.message ? <Alert tone="info">{toggled.message}</Alert> : null}
      {!toggled.ok && toggled.formError ? <Alert tone="danger">{toggled.formError}</Alert> : null}
      <form action={toggleAction}>
        <input type="hidden" name="userId" value={userId} />
        <input type="hidden" name="disabled" value={disabled ? "false" : "true"} />
        <Button type="submit" variant="secondary" disabled={toggling} aria-label={`${disabled ? "Enable" : "Disable"} ${name}`}>
          {disabled ? "Enable" : "Disable"}
        </Button>
      </form>
      {disabled ? null : (
        <details className="text-sm">
          <summary className="cursor-pointer font-medium text-brand-700">New token for {name}</summary>
          <form
            action={createAction}
            className="mt-3 space-y-4"
            noValidate
            key={created.ok ? `done-${created.data?.id}` : JSON.stringify(created.values)}
          >
            <input type="hidden" name="serviceAccountId" value={accountId} />
            {!created.ok && created.formError ? <Alert tone="danger">{created.formError}</Alert> : null}
            <TokenFields
              idPrefix={`sa-${accountId}`}
              scopes={scopes}
              errors={created.ok ? {} : created.fieldErrors}
              values={created.ok ? {} : (created.values ?? {})}
            />
            <Button type="submit" disabled={creating}>
              {creating ? "Creating…" : "Create token"}
            </Button>
          </form>
        </details>
      )}
    </div>
  );
}
