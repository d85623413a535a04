import { ButtonLink } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";

export default function EndpointNotFound() {
  return (
    <div>
      <h1 className="sr-only">Endpoint not found</h1>
      <EmptyState
        title="There is no such webhook endpoint"
        description="It may have been deleted, together with its delivery log."
        action={
          <ButtonLink href="/admin/webhooks" variant="secondary">
            Back to webhooks
          </ButtonLink>
        }
      />
    </div>
  );
}
