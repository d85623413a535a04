"use client";

import Link from "next/link";
import { useActionState } from "react";
import { verifyChainAction } from "../actions";
import type { ActionResult } from "@/lib/actions/result";
import type { LogVerifyResult } from "@/lib/audit/verify-url";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";

const initial: ActionResult<LogVerifyResult> = { ok: false, fieldErrors: {} };
const seconds = (ms: number) => `${(ms / 1000).toFixed(ms < 10_000 ? 2 : 1)} s`;

export function VerifyChain() {
  const [state, action, pending] = useActionState(verifyChainAction, initial);
  const result = state.ok ? state.data : undefined;
  const broken = result?.firstBroken;
  const checkpoints = result?.checkpoints;
  const newest = checkpoints?.newest;
  return (
    <form action={action} className="space-y-3">
      <p className="text-sm text-slate-600">
        Recomputes every entry’s hash from the first one and checks each link to the entry before it, then checks the signed checkpoints
        kept outside the database and that the entries are the ones they signed.
      </p>
      <Button type="submit" variant="secondary" disabled={pending}>
        {pending ? "Verifying…" : "Verify the chain"}
      </Button>
      <div aria-live="polite">
        {result?.ok ? (
          <Alert tone="success" title="OK — the chain is intact">
            <p>
              {result.checked.toLocaleString("en-US")} entries verified in {seconds(result.durationMs)}.
            </p>
            {newest ? (
              <p className="mt-1">
                Verified against checkpoint #{newest.number} ({newest.size.toLocaleString("en-US")} entries), signed{" "}
                {new Date(newest.signedAt).toLocaleString("en-GB", { dateStyle: "medium", timeStyle: "short", timeZone: "UTC" })} UTC by key{" "}
                {newest.keyId}.
              </p>
            ) : checkpoints ? (
              <p className="mt-1">No checkpoint has been signed yet.</p>
            ) : null}
          </Alert>
        ) : null}
        {result && !checkpoints ? (
          <Alert tone="warning" title="No checkpoint key is configured">
            The log is checked only against itself, and anyone who can write the database can recompute it. Set AUDIT_SIGNING_KEY_FILE (see
            the README’s production section).
          </Alert>
        ) : null}
        {checkpoints?.problem ? (
          <Alert tone="danger" title="The checkpoints do not hold">
            {checkpoints.problem.reason}.
          </Alert>
        ) : null}
        {checkpoints ? (
          <details className="text-sm text-slate-600">
            <summary>Checkpoints checked ({checkpoints.lines.length})</summary>
            <ul className="mt-1 list-disc pl-5">
              {checkpoints.lines.map((line) => (
                <li key={line}>{line}</li>
              ))}
            </ul>
            <p className="mt-1 break-all">
              Public key: <code>{checkpoints.verifierKey}</code>
            </p>
          </details>
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
