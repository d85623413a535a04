import Link from "next/link";
import type { FieldErrors } from "@/lib/errors";
import type { FilterValues } from "@/lib/audit/schemas";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";

const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;

/** A plain GET form: the filtered view is its URL, so it can be bookmarked and shared, and works without JavaScript. */
export function FilterForm({ values, errors, actions }: { values: FilterValues; errors: FieldErrors; actions: string[] }) {
  // A date-and-time bound (from a shared link) would be blanked by a date picker: show it as typed.
  const dateType = (v?: string) => (!v || DATE_ONLY.test(v) ? "date" : "text");
  return (
    <form
      method="get"
      action="/audit"
      role="search"
      aria-label="Filter the audit log"
      className="grid gap-x-4 gap-y-1 sm:grid-cols-2 lg:grid-cols-3"
    >
      <Field id="filter-client" label="Client" hint="Slug or id" errors={errors.client}>
        {(p) => <input {...p} name="client" defaultValue={values.client} autoComplete="off" />}
      </Field>
      <Field id="filter-actor" label="Actor" hint="An account's email, or a label such as tracker" errors={errors.actor}>
        {(p) => <input {...p} name="actor" defaultValue={values.actor} autoComplete="off" />}
      </Field>
      <Field id="filter-action" label="Action" hint="Pick one or type any action" errors={errors.action}>
        {(p) => <input {...p} name="action" list="audit-actions" defaultValue={values.action} autoComplete="off" />}
      </Field>
      <datalist id="audit-actions">
        {actions.map((a) => (
          <option key={a} value={a} />
        ))}
      </datalist>
      <Field id="filter-from" label="From (UTC)" errors={errors.from}>
        {(p) => <input {...p} name="from" type={dateType(values.from)} defaultValue={values.from} />}
      </Field>
      <Field id="filter-to" label="To (UTC, inclusive)" errors={errors.to}>
        {(p) => <input {...p} name="to" type={dateType(values.to)} defaultValue={values.to} />}
      </Field>
      <Field id="filter-q" label="Text" hint="In the action, actor, entity id and the before/after documents" errors={errors.q}>
        {(p) => <input {...p} name="q" type="search" defaultValue={values.q} autoComplete="off" />}
      </Field>
      <div className="flex items-center gap-3 sm:col-span-2 lg:col-span-3">
        <Button type="submit">Apply filters</Button>
        <Link href="/audit" className="text-sm font-medium text-brand-700 hover:underline">
          Clear filters
        </Link>
      </div>
    </form>
  );
}
