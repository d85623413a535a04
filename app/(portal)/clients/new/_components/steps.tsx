import { cn } from "@/components/ui/cn";
import type { WizardStep } from "@/lib/changes/wizard";

const STEPS: { id: WizardStep; label: string }[] = [
  { id: "details", label: "Client details" },
  { id: "size", label: "Size and cost" },
  { id: "review", label: "Review and submit" },
];

export function Steps({ current }: { current: WizardStep }) {
  const index = STEPS.findIndex((s) => s.id === current);
  return (
    <ol className="mb-6 flex flex-wrap gap-2 text-sm" aria-label="Onboarding steps">
      {STEPS.map((step, i) => (
        <li
          key={step.id}
          aria-current={i === index ? "step" : undefined}
          className={cn(
            "flex items-center gap-2 rounded-full px-3 py-1 ring-1 ring-inset",
            i === index
              ? "bg-brand-700 text-white ring-brand-700"
              : i < index
                ? "bg-brand-50 text-brand-900 ring-brand-100"
                : "bg-white text-slate-600 ring-slate-300",
          )}
        >
          <span className="font-semibold">{i + 1}</span> {step.label}
        </li>
      ))}
    </ol>
  );
}
