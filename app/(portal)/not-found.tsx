import { ButtonLink } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";

export default function NotFound() {
  return (
    <div>
      <h1 className="sr-only">Page not found</h1>
      <EmptyState
        title="404 — We couldn’t find that page"
        description="It may have been moved, or the link may be mistyped."
        action={
          <ButtonLink href="/" variant="secondary">
            Go to your home page
          </ButtonLink>
        }
      />
    </div>
  );
}
