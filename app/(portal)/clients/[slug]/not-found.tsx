import { ButtonLink } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";

export default function ClientNotFound() {
  return (
    <EmptyState
      title="There is no such client"
      description="It may have been mistyped, or never onboarded."
      action={
        <ButtonLink href="/clients" variant="secondary">
          All clients
        </ButtonLink>
      }
    />
  );
}
