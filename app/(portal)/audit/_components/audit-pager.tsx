import Link from "next/link";

/**
 * Keyset paging, newest first: "Newest" returns to the top, "Older" continues below the
 * cursor. (components/ui/pagination.tsx says "First"/"Next"; a log reads better in time.)
 */
export function AuditPager({
  newestHref,
  olderHref,
  olderLabel = "Older entries",
}: {
  newestHref?: string;
  olderHref?: string;
  olderLabel?: string;
}) {
  if (!newestHref && !olderHref) return null;
  return (
    <nav aria-label="Audit log pages" className="mt-4 flex justify-between text-sm">
      {newestHref ? (
        <Link className="font-medium text-brand-700 hover:underline" href={newestHref}>
          ← Newest entries
        </Link>
      ) : (
        <span />
      )}
      {olderHref ? (
        <Link className="font-medium text-brand-700 hover:underline" href={olderHref}>
          {olderLabel} →
        </Link>
      ) : (
        <span />
      )}
    </nav>
  );
}
