import { Alert } from "@/components/ui/alert";

/** A freshly made signing secret, shown this once for the administrator to copy. */
export function SecretOnce({ id, secret, message }: { id: string; secret: string; message?: string }) {
  return (
    <Alert tone="success" title={message ?? "Copy the signing secret now: it is not shown again."}>
      <label htmlFor={id} className="block text-xs font-medium">
        Signing secret
      </label>
      <input
        id={id}
        readOnly
        value={secret}
        data-testid="webhook-secret"
        className="mt-1 block w-full rounded border-0 bg-white px-2 py-1 font-mono text-xs text-slate-900 ring-1 ring-inset ring-emerald-300"
      />
    </Alert>
  );
}
