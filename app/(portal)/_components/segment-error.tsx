"use client";

import { Button } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";

/** The error state of a portal segment: the navigation stays, the message never leaks internals. */
export function SegmentError({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return (
    <div>
      <h1 className="sr-only">Something went wrong</h1>
      <EmptyState
        title="Something went wrong on our side"
        description={`Nothing you did caused this, and nothing was changed.${error.digest ? ` Reference: ${error.digest}.` : ""}`}
        action={
          <Button variant="secondary" onClick={reset}>
            Try again
          </Button>
        }
      />
    </div>
  );
}
