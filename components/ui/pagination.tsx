import Link from "next/link";

/** Keyset pagination: "First page" returns to the start, "Next page" continues after the cursor. */
export function Pagination({ firstHref, nextHref, label }: { firstHref?: string; nextHref?: string; label: string }) {
  if (!firstHref && !nextHref) return null;
  return (
    <nav aria-label={label} className="mt-4 flex justify-between text-sm">
      {firstHref ? (
        <Link className="font-medium text-brand-700 hover:underline" href={firstHref}>
          ← First page
        </Link>
      ) : (
        <span />
      )}
      {nextHref ? (
        <Link className="font-medium text-brand-700 hover:underline" href={nextHref}>
          Next page →
        </Link>
      ) : (
        <span />
      )}
    </nav>
  );
}
