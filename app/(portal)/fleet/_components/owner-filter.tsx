"use client";

import { useRef } from "react";
import { Field } from "@/components/ui/field";

// A GET form: choosing an account manager reloads the page with the chart and figures of their
// clients. Without JavaScript, the Show button does the same.
export function OwnerFilter({ owners, value, errors }: { owners: { id: string; name: string }[]; value: string; errors?: string[] }) {
  const form = useRef<HTMLFormElement>(null);
  return (
    <form ref={form} method="get" className="flex flex-wrap items-end gap-3">
      <Field id="fleet-owner" label="Account manager" errors={errors}>
        {(p) => (
          <select {...p} name="ownerId" defaultValue={value} onChange={() => form.current?.requestSubmit()}>
            <option value="">Everyone</option>
            {owners.map((o) => (
              <option key={o.id} value={o.id}>
                {o.name}
              </option>
            ))}
          </select>
        )}
      </Field>
      <button
        type="submit"
        className="rounded-md bg-white px-3 py-2 text-sm font-medium ring-1 ring-inset ring-slate-300 hover:bg-slate-50"
      >
        Show
      </button>
    </form>
  );
}
