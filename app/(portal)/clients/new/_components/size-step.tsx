import Link from "next/link";
import { sizeOptions } from "@/lib/changes/size-options";
import { wizardHref, type WizardState } from "@/lib/changes/wizard";
import { Button } from "@/components/ui/button";
import { formatUsd } from "@/components/ui/format";
import { cn } from "@/components/ui/cn";

export function SizeStep({ state }: { state: WizardState }) {
  const details = state.details!;
  const options = sizeOptions(state.blueprint, { ...details, owner: "preview" });
  const selected = state.values.sizeId ?? options.find((o) => o.allowed)?.id;
  const error = state.errors.sizeId?.join(" ");
  return (
    <form method="get" action="/clients/new" noValidate>
      {["displayName", "environment", "region", "blueprintId"].map((k) => (
        <input key={k} type="hidden" name={k} value={state.values[k] ?? (k === "blueprintId" ? state.blueprint.id : "")} />
      ))}
      <input type="hidden" name="step" value="review" />
      <fieldset aria-describedby="size-error">
        <legend className="mb-3 text-sm text-slate-700">
          Sizes for <span className="font-semibold">{details.displayName}</span> ({details.environment}, {details.region}), side by side:
        </legend>
        <div className="grid gap-4 md:grid-cols-2 xl:grid-cols-4">
          {options.map((o) => (
            <label
              key={o.id}
              className={cn(
                "relative flex cursor-pointer flex-col rounded-lg border bg-white p-4 shadow-sm has-[:checked]:border-brand-600 has-[:checked]:ring-2 has-[:checked]:ring-brand-600",
                !o.allowed && "cursor-not-allowed bg-slate-100",
              )}
            >
              <span className="flex items-center justify-between gap-2">
                <span className="text-base font-semibold">{o.label}</span>
                <input
                  type="radio"
                  name="sizeId"
                  value={o.id}
                  defaultChecked={o.id === selected}
                  disabled={!o.allowed}
                  className="h-4 w-4 accent-brand-700"
                  aria-label={`${o.label}, ${formatUsd(o.monthlyUsd)} a month`}
                />
              </span>
              <span className="mt-1 text-sm text-slate-600">{o.suits}</span>
              <span className="mt-3 text-2xl font-semibold tabular-nums" data-testid={`cost-${o.id}`}>
                {formatUsd(o.monthlyUsd)}
                <span className="text-sm font-normal text-slate-600"> / month</span>
              </span>
              <ul className="mt-3 list-disc space-y-1 pl-5 text-sm text-slate-700">
                {o.highlights.map((h) => (
                  <li key={h}>{h}</li>
                ))}
                <li>{o.resourceCount} CloudFormation resources</li>
              </ul>
              {o.reason ? <span className="mt-3 text-sm font-medium text-amber-800">{o.reason}</span> : null}
            </label>
          ))}
        </div>
      </fieldset>
      <p id="size-error" aria-live="polite" className="mt-2 text-sm text-red-700">
        {error ?? ""}
      </p>
      <div className="mt-6 flex items-center gap-4">
        <Button type="submit">Next: review</Button>
        <Link href={wizardHref(state.values, "details")} className="text-sm font-medium text-brand-700 hover:underline">
          Back to details
        </Link>
      </div>
    </form>
  );
}
