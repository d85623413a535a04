import { Field } from "@/components/ui/field";
import { SCOPE_LABELS, type Scope } from "@/lib/api/tokens/scopes";
import type { FieldErrors } from "@/lib/errors";

/** Name, lifetime and scopes: the fields of both token forms (personal and service account). */
export function TokenFields({
  idPrefix,
  errors,
  values,
  scopes,
}: {
  idPrefix: string;
  errors: FieldErrors;
  values: Record<string, string>;
  /** The scopes the owner's role can use. */
  scopes: readonly Scope[];
}) {
  const scopeErrors = Object.entries(errors)
    .filter(([k]) => k.startsWith("scopes"))
    .flatMap(([, v]) => v);
  return (
    <>
      <Field id={`${idPrefix}-name`} label="Name" hint="What will use it, e.g. CRM sync or my laptop." errors={errors.name}>
        {(p) => <input {...p} name="name" autoComplete="off" defaultValue={values.name} />}
      </Field>
      <Field id={`${idPrefix}-days`} label="Expires after (days)" hint="1 to 365." errors={errors.expiresInDays}>
        {(p) => <input {...p} name="expiresInDays" type="number" min={1} max={365} defaultValue={values.expiresInDays ?? "90"} />}
      </Field>
      <fieldset aria-describedby={`${idPrefix}-scopes-hint`}>
        <legend className="text-sm font-medium text-slate-800">Scopes</legend>
        <p id={`${idPrefix}-scopes-hint`} className="text-xs text-slate-600">
          None ticked: everything the role allows. Scopes only narrow the role; they never add to it.
        </p>
        <div className="mt-2 space-y-1.5">
          {scopes.map((scope) => (
            <label key={scope} className="flex items-center gap-2 text-sm text-slate-800">
              <input
                type="checkbox"
                name={`scope:${scope}`}
                defaultChecked={values[`scope:${scope}`] === "on"}
                className="h-4 w-4 rounded border-slate-400"
              />
              {SCOPE_LABELS[scope]} <code className="text-xs text-slate-600">{scope}</code>
            </label>
          ))}
        </div>
        <p aria-live="polite" className="mt-1 text-sm text-red-700">
          {scopeErrors.join(" ")}
        </p>
      </fieldset>
    </>
  );
}
