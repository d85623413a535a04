"use client";

import { Button, ButtonLink } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";

export default function AuditError({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return (
    <div>
      <h1 className="sr-only">The audit log could not be loaded</h1>
      <EmptyState
        title="The audit log could not be loaded"
        description={`This is a problem on our side; the log itself is unaffected.${error.digest ? ` Reference: ${error.digest}.` : ""}`}
        action={
          <div className="flex gap-2">
            <Button variant="secondary" onClick={reset}>
              Try again
            </Button>
            <ButtonLink href="/audit" variant="ghost">
              Clear the filters
            </ButtonLink>
          </div>
        }
      />
    </div>
  );
}
