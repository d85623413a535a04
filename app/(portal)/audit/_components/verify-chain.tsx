"use client";

import Link from "next/link";
import { useActionState } from "react";
import { verifyChainAction } from "../actions";
import type { ActionResult } from "@/lib/actions/result";
import type { VerifyResult } from "@/lib/audit/verify";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";

const initial: ActionResult<VerifyResult> = { ok: false, fieldErrors: {} };
const seconds = (ms: number) => `${(ms / 1000).toFixed(ms < 10_000 ? 2 : 1)} s`;

export function VerifyChain() {
  const [state, action, pending] = useActionState(verifyChainAction, initial);
  const result = state.ok ? state.data : undefined;
  const broken = result?.firstBroken;
  return (
    <form action={action} className="space-y-3">
      <p className="text-sm text-slate-600">
        Recomputes every entry’s hash from the first one and checks each link to the entry before it.
      </p>
      <Button type="submit" variant="secondary" disabled={pending}>
        {pending ? "Verifying…" : "Verify the chain"}
      </Button>
      <div aria-live="polite">
        {result?.ok ? (
          <Alert tone="success" title="OK — the chain is intact">
            {result.checked.toLocaleString("en-US")} entries verified in {seconds(result.durationMs)}.
          </Alert>
        ) : null}
        {broken ? (
          <Alert tone="danger" title={`The chain is broken at entry #${broken.seq}`}>
            <p>
              Entry #{broken.seq}: {broken.reason}. {result!.checked.toLocaleString("en-US")} entries before it are intact.
            </p>
            <p className="mt-1">
              {broken.missing ? (
                <Link className="font-medium underline" href={`/audit?before=${broken.seq + 3}`}>
                  See the entries around it
                </Link>
              ) : (
                <Link className="font-medium underline" href={`/audit/${broken.seq}`}>
                  Open entry #{broken.seq}
                </Link>
              )}
            </p>
          </Alert>
        ) : null}
        {!state.ok && state.formError ? <Alert tone="danger">{state.formError}</Alert> : null}
      </div>
    </form>
  );
}
