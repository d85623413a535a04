import { Card } from "@/components/ui/card";
import { cn } from "@/components/ui/cn";

/** A Card whose title is an h3, for cards inside a blueprint's h2 section. */
export function SectionCard({
  id,
  title,
  description,
  children,
  className,
}: {
  id: string;
  title: string;
  description?: React.ReactNode;
  children: React.ReactNode;
  className?: string;
}) {
  return (
    <Card aria-labelledby={id} className={cn("overflow-hidden", className)}>
      <div className="border-b border-slate-200 px-5 py-4">
        <h3 id={id} className="text-base font-semibold text-slate-900">
          {title}
        </h3>
        {description ? <p className="mt-1 text-sm text-slate-600">{description}</p> : null}
      </div>
      {children}
    </Card>
  );
}
