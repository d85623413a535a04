"use client";

import Link from "next/link";
import { useActionState } from "react";
import { onboardAction } from "../actions";
import { initialResult } from "@/lib/actions/result";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";

const LABELS: Record<string, string> = {
  displayName: "Client name",
  environment: "Environment",
  region: "Region",
  sizeId: "Size",
  blueprintId: "Blueprint",
};

export function SubmitOnboarding({ values, backHref }: { values: Record<string, string>; backHref: string }) {
  const [state, action, pending] = useActionState(onboardAction, initialResult);
  const fieldErrors = state.ok ? [] : Object.entries(state.fieldErrors);
  return (
    <form action={action} className="flex flex-col gap-4">
      {Object.entries(values).map(([k, v]) => (
        <input key={k} type="hidden" name={k} value={v} />
      ))}
      {!state.ok && (state.formError || fieldErrors.length) ? (
        <Alert tone="danger" title={state.formError ?? "This request can’t be submitted"}>
          <ul className="list-disc pl-5">
            {fieldErrors.map(([field, messages]) => (
              <li key={field}>
                <span className="font-medium">{LABELS[field] ?? field}:</span> {messages.join(" ")}
              </li>
            ))}
          </ul>
        </Alert>
      ) : null}
      <div className="flex items-center gap-4">
        <Button type="submit" disabled={pending}>
          {pending ? "Submitting…" : "Submit for review"}
        </Button>
        <Link href={backHref} className="text-sm font-medium text-brand-700 hover:underline">
          Back to sizes
        </Link>
      </div>
    </form>
  );
}
