"use client";

import { useActionState } from "react";
import type { ActionResult } from "@/lib/actions/result";
import type { ConnectionReport, TargetCheck } from "@/lib/cloud/connection";
import { Alert } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card, CardBody, CardHeader } from "@/components/ui/card";
import { runConnectionCheckAction } from "../actions";

const initial: ActionResult<ConnectionReport> = { ok: false, fieldErrors: {} };

function TargetResult({ target }: { target: TargetCheck }) {
  return (
    <section
      aria-labelledby={`target-${target.environment ?? "default"}`}
      className="rounded-md border border-slate-200"
      data-testid={`check-${target.environment ?? "default"}`}
    >
      <div className="flex flex-wrap items-center justify-between gap-2 border-b border-slate-200 px-4 py-2">
        <h3 id={`target-${target.environment ?? "default"}`} className="text-sm font-semibold text-slate-900">
          {target.label}
          {target.roleArn ? <span className="block break-all font-mono text-xs font-normal text-slate-600">{target.roleArn}</span> : null}
        </h3>
        <Badge tone={target.ok ? "success" : "danger"}>{target.ok ? "Works" : "Failed"}</Badge>
      </div>
      <ol className="divide-y divide-slate-100">
        {target.steps.map((step) => (
          <li key={step.name} className="px-4 py-2 text-sm">
            <p className="flex flex-wrap items-center gap-2">
              <Badge tone={step.ok ? "success" : "danger"}>{step.ok ? "OK" : "Failed"}</Badge>
              <span className="font-medium">{step.name}</span>
              {step.code ? <code className="text-xs text-red-800">{step.code}</code> : null}
              <span className="text-xs text-slate-600">{step.ms} ms</span>
            </p>
            <p className="mt-1 break-words text-slate-800">{step.detail}</p>
            {step.hint ? (
              <p className="mt-1 text-slate-700">
                <span className="font-medium">What to check: </span>
                {step.hint}
              </p>
            ) : null}
          </li>
        ))}
      </ol>
    </section>
  );
}

export function ConnectionCheck() {
  const [state, action, pending] = useActionState(runConnectionCheckAction, initial);
  const report = state.ok ? state.data : undefined;
  return (
    <Card>
      <CardHeader
        title="Connection check"
        description="For the portal's own credentials and each role: credentials, then a harmless DescribeStacks."
        actions={
          <form action={action}>
            <Button type="submit" disabled={pending} aria-busy={pending}>
              {pending ? "Checking…" : "Run check"}
            </Button>
          </form>
        }
      />
      <CardBody className="space-y-4">
        <div aria-live="polite" className="space-y-4">
          {pending ? (
            <p className="text-sm text-slate-600">Checking each target; a network problem can take a few seconds to show.</p>
          ) : null}
          {!state.ok && state.formError ? (
            <Alert tone="danger" title="The check could not run">
              {state.formError}
            </Alert>
          ) : null}
          {report ? (
            <>
              <Alert tone={report.ok ? "success" : "danger"} title={report.ok ? "Every check passed" : "Some checks failed"}>
                Checked at {new Date(report.checkedAt).toLocaleString()}.
              </Alert>
              {report.targets.map((t) => (
                <TargetResult key={t.label} target={t} />
              ))}
            </>
          ) : !pending && state.ok === false && !state.formError ? (
            <p className="text-sm text-slate-600">Not run yet. Nothing is changed in AWS by running it.</p>
          ) : null}
        </div>
      </CardBody>
    </Card>
  );
}
