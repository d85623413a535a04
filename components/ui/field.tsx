import { cn } from "./cn";

const control =
  "block w-full rounded-md border-0 bg-white px-3 py-2 text-sm text-slate-900 shadow-sm ring-1 ring-inset ring-slate-300 placeholder:text-slate-500 focus:ring-2 focus:ring-brand-600";

/** A labelled control with its hint and its error, wired for screen readers. */
export function Field({
  id,
  label,
  hint,
  errors,
  children,
}: {
  id: string;
  label: string;
  hint?: string;
  errors?: string[];
  children: (props: { id: string; "aria-describedby"?: string; "aria-invalid"?: boolean; className: string }) => React.ReactNode;
}) {
  const describedBy = [hint ? `${id}-hint` : null, errors?.length ? `${id}-error` : null].filter(Boolean).join(" ") || undefined;
  return (
    <div>
      <label htmlFor={id} className="block text-sm font-medium text-slate-800">
        {label}
      </label>
      {hint ? (
        <p id={`${id}-hint`} className="mt-0.5 text-xs text-slate-600">
          {hint}
        </p>
      ) : null}
      <div className="mt-1">
        {children({
          id,
          "aria-describedby": describedBy,
          "aria-invalid": errors?.length ? true : undefined,
          className: cn(control, errors?.length ? "ring-red-600" : undefined),
        })}
      </div>
      <p id={`${id}-error`} aria-live="polite" className="mt-1 text-sm text-red-700">
        {errors?.join(" ") ?? ""}
      </p>
    </div>
  );
}
