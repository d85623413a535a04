"use client";

import { useActionState } from "react";
import { driftAction, recoverAction, recreateAction } from "../actions";
import { initialResult } from "@/lib/actions/result";
import type { DriftFinding } from "@/lib/tracker/drift";
import { Alert } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";

export function DriftPanel({
  clientId,
  status,
  checkedAt,
  findings,
  canCheck,
}: {
  clientId: string;
  status: string | null;
  checkedAt: string | null;
  findings: DriftFinding[];
  canCheck: boolean;
}) {
  const [state, action, pending] = useActionState(driftAction, initialResult);
  return (
    <div className="space-y-3 text-sm">
      <p>
        {status ? (
          <Badge tone={status === "IN_SYNC" ? "success" : "warning"}>{status === "IN_SYNC" ? "In sync" : status}</Badge>
        ) : (
          <Badge>Never checked</Badge>
        )}
        {checkedAt ? <span className="ml-2 text-slate-600">checked {checkedAt.slice(0, 16).replace("T", " ")} UTC</span> : null}
      </p>
      {findings.length ? (
        <ul className="space-y-2" aria-label="Drifted resources">
          {findings.map((f) => (
            <li key={f.logicalId} className="rounded-md border border-amber-200 bg-amber-50 px-3 py-2">
              <span className="font-medium">{f.logicalId}</span>{" "}
              <span className="text-xs text-slate-600">
                {f.resourceType} · {f.status}
              </span>
              <ul className="mt-1 list-disc pl-5">
                {f.explanations.map((e) => (
                  <li key={e}>{e}</li>
                ))}
              </ul>
            </li>
          ))}
        </ul>
      ) : null}
      {canCheck ? (
        <form action={action} className="space-y-2">
          <input type="hidden" name="clientId" value={clientId} />
          <Button type="submit" variant="secondary" disabled={pending}>
            {pending ? "Checking…" : "Detect drift"}
          </Button>
          {state.ok && state.message ? <Alert tone="success">{state.message}</Alert> : null}
          {!state.ok && state.formError ? <Alert tone="danger">{state.formError}</Alert> : null}
        </form>
      ) : null}
    </div>
  );
}

export function RecoverForm({ clientId }: { clientId: string }) {
  const [state, action, pending] = useActionState(recoverAction, initialResult);
  const errors = state.ok ? {} : state.fieldErrors;
  return (
    <form action={action} className="space-y-3">
      <input type="hidden" name="clientId" value={clientId} />
      <p className="text-sm text-slate-700">
        The last update failed and its rollback is stuck (UPDATE_ROLLBACK_FAILED). Continue the rollback, optionally skipping resources that
        cannot roll back; an engineer approves it first.
      </p>
      {!state.ok && state.formError ? <Alert tone="danger">{state.formError}</Alert> : null}
      <Field id="recover-skip" label="Resources to skip (logical ids, optional)" errors={errors.skip}>
        {(p) => <input {...p} name="skip" placeholder="e.g. Cache" />}
      </Field>
      <Button type="submit" disabled={pending}>
        Request recovery
      </Button>
    </form>
  );
}

export function RecreateForm({ clientId }: { clientId: string }) {
  const [state, action, pending] = useActionState(recreateAction, initialResult);
  const errors = state.ok ? {} : state.fieldErrors;
  return (
    <form action={action} className="space-y-3">
      <input type="hidden" name="clientId" value={clientId} />
      <p className="text-sm text-slate-700">
        The launch failed and CloudFormation rolled it back (ROLLBACK_COMPLETE): the stack holds nothing and can only be deleted. Once the
        cause is fixed, delete it and launch the same revision again; an engineer approves it first.
      </p>
      {!state.ok && state.formError ? <Alert tone="danger">{state.formError}</Alert> : null}
      <Field id="recreate-reason" label="What was fixed" errors={errors.reason}>
        {(p) => <input {...p} name="reason" placeholder="e.g. the subnet group now covers two zones" />}
      </Field>
      <Button type="submit" disabled={pending}>
        Request delete and recreate
      </Button>
    </form>
  );
}
