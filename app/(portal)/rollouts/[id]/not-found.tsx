import { EmptyState } from "@/components/ui/empty-state";
import { ButtonLink } from "@/components/ui/button";

export default function RolloutNotFound() {
  return <EmptyState title="There is no such rollout" action={<ButtonLink href="/rollouts">All rollouts</ButtonLink>} />;
}
