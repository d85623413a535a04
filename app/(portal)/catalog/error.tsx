"use client";

import { Button, ButtonLink } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";

// The catalog is read from the blueprint files; a broken blueprint lands here, not in a stack trace.
export default function CatalogError({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return (
    <div>
      <h1 className="sr-only">The catalog could not be shown</h1>
      <EmptyState
        title="The catalog could not be shown"
        description={`Nothing was changed. If this keeps happening, tell an engineer${error.digest ? ` and quote reference ${error.digest}` : ""}.`}
        action={
          <div className="flex gap-2">
            <Button variant="secondary" onClick={reset}>
              Try again
            </Button>
            <ButtonLink href="/" variant="ghost">
              Go to your home page
            </ButtonLink>
          </div>
        }
      />
    </div>
  );
}
