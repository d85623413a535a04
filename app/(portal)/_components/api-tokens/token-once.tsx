import { Alert } from "@/components/ui/alert";

/** A freshly made API token, shown this once to copy. */
export function TokenOnce({ token }: { token: string }) {
  return (
    <Alert tone="success" title="Copy the token now: it is not shown again, and Stackport keeps only its hash.">
      <label htmlFor="created-token" className="block text-xs font-medium">
        API token
      </label>
      <input
        id="created-token"
        readOnly
        value={token}
        data-testid="api-token"
        className="mt-1 block w-full rounded border-0 bg-white px-2 py-1 font-mono text-xs text-slate-900 ring-1 ring-inset ring-emerald-300"
      />
      <p className="mt-2 text-xs">
        Use it as <code>Authorization: Bearer …</code>, or <code>STACKPORT_TOKEN=…</code> for the <code>stackport</code> command.
      </p>
    </Alert>
  );
}
