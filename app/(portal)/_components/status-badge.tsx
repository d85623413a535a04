import { Badge, type Tone } from "@/components/ui/badge";
import { CLIENT_STATUS_TONES, type ClientStatus } from "@/lib/clients/status";
import type { State } from "@/lib/changes/state-machine";

// Keyed by both unions: a client status or request state without a tone is a compile error.
// Client statuses take theirs from lib/clients/status.ts, which the fleet chart's colours follow too.
const TONES: Record<ClientStatus | State, Tone> = {
  ...CLIENT_STATUS_TONES,
  SUCCEEDED: "success",
  APPROVED: "success",
  EXECUTING: "info",
};

export function StatusBadge({ status }: { status: string }) {
  return (
    <Badge tone={TONES[status as ClientStatus | State] ?? "neutral"}>
      {status.charAt(0) + status.slice(1).toLowerCase().replace(/_/g, " ")}
    </Badge>
  );
}
