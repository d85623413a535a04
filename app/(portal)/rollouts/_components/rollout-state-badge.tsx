import { Badge, type Tone } from "@/components/ui/badge";
import { ROLLOUT_STATE_LABELS, type RolloutState } from "@/lib/rollouts/state";

// Keyed by the union: a rollout state without a tone is a compile error.
const TONES: Record<RolloutState, Tone> = {
  PREPARING: "info",
  REVIEW: "warning",
  RUNNING: "info",
  PAUSED: "neutral",
  HALTED: "danger",
  ABORTED: "neutral",
  FINISHED: "success",
};

export function RolloutStateBadge({ state }: { state: RolloutState }) {
  return <Badge tone={TONES[state] ?? "neutral"}>{ROLLOUT_STATE_LABELS[state] ?? state}</Badge>;
}
