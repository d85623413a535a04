"use client";

import { useRef } from "react";
import { Field } from "@/components/ui/field";

// A GET form: changing any filter submits it, so the page recounts the matching clients (the
// "live count") without writing anything. Without JavaScript, the Count button does the same.
export function SelectionForm({
  values,
  errors,
  blueprints,
  versions,
  currentVersion,
  sizes,
  regions,
  owners,
}: {
  values: Record<string, string>;
  errors: Record<string, string[] | undefined>;
  blueprints: { id: string; name: string }[];
  versions: string[];
  currentVersion: string;
  sizes: { id: string; label: string }[];
  regions: string[];
  owners: { id: string; name: string }[];
}) {
  const form = useRef<HTMLFormElement>(null);
  const recount = () => form.current?.requestSubmit();
  const select = (name: string, label: string, options: { value: string; label: string }[], hint?: string) => (
    <Field id={`selection-${name}`} label={label} hint={hint} errors={errors[name]}>
      {(p) => (
        <select {...p} name={name} defaultValue={values[name] ?? ""} onChange={recount}>
          {options.map((o) => (
            <option key={o.value} value={o.value}>
              {o.label}
            </option>
          ))}
        </select>
      )}
    </Field>
  );
  return (
    <form ref={form} method="get" className="grid gap-4 sm:grid-cols-2">
      {select(
        "blueprintId",
        "Blueprint",
        blueprints.map((b) => ({ value: b.id, label: b.name })),
      )}
      {select(
        "behindVersion",
        "Behind version",
        [
          { value: "", label: `${currentVersion} (the current one)` },
          ...versions.filter((v) => v !== currentVersion).map((v) => ({ value: v, label: v })),
        ],
        "Clients whose live revision is older than this.",
      )}
      {select("sizeId", "Size", [{ value: "", label: "Any size" }, ...sizes.map((s) => ({ value: s.id, label: s.label }))])}
      {select("environment", "Environment", [
        { value: "", label: "Any environment" },
        { value: "staging", label: "Staging" },
        { value: "production", label: "Production" },
      ])}
      {select("region", "Region", [{ value: "", label: "Any region" }, ...regions.map((r) => ({ value: r, label: r }))])}
      {owners.length
        ? select("ownerId", "Account manager", [{ value: "", label: "Anyone" }, ...owners.map((o) => ({ value: o.id, label: o.name }))])
        : null}
      <div className="sm:col-span-2">
        <button
          type="submit"
          className="rounded-md bg-white px-3 py-2 text-sm font-medium ring-1 ring-inset ring-slate-300 hover:bg-slate-50"
        >
          Count
        </button>
      </div>
    </form>
  );
}
