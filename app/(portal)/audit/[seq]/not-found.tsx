import { ButtonLink } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";

export default function EntryNotFound() {
  return (
    <div>
      <h1 className="sr-only">Entry not found</h1>
      <EmptyState
        title="There is no entry with that number"
        description="Entry numbers run from 1 up to the newest entry. If a chain check named this entry as missing, it was removed from the database behind Stackport’s back."
        action={
          <ButtonLink href="/audit" variant="secondary">
            Back to the audit log
          </ButtonLink>
        }
      />
    </div>
  );
}
