import { ButtonLink } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";

export default function BlueprintNotFound() {
  return (
    <div>
      <h1 className="sr-only">Not in the catalog</h1>
      <EmptyState
        title="404 — That blueprint or size isn’t in the catalog"
        description="It may have been renamed or retired, or the link may be mistyped. The catalog lists every blueprint and size on offer."
        action={
          <ButtonLink href="/catalog" variant="secondary">
            Browse the catalog
          </ButtonLink>
        }
      />
    </div>
  );
}
