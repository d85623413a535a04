import { ButtonLink } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";

export default function RequestNotFound() {
  return (
    <EmptyState
      title="There is no such change request"
      description="It may have been mistyped."
      action={
        <ButtonLink href="/" variant="secondary">
          Go home
        </ButtonLink>
      }
    />
  );
}
