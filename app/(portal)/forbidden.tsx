import { ButtonLink } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";

export default function Forbidden() {
  return (
    <div>
      <h1 className="sr-only">Access denied</h1>
      <EmptyState
        title="403 — You don’t have access to this page"
        description="Your role doesn’t include this part of Stackport. If you need it, ask an administrator."
        action={
          <ButtonLink href="/" variant="secondary">
            Go to your home page
          </ButtonLink>
        }
      />
    </div>
  );
}
