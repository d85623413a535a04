import { Badge, type Tone } from "@/components/ui/badge";
import type { ClientStatus } from "@/lib/clients/status";
import type { State } from "@/lib/changes/state-machine";

// Keyed by both unions: a client status or request state without a tone is a compile error.
const TONES: Record<ClientStatus | State, Tone> = {
  ACTIVE: "success",
  SUCCEEDED: "success",
  APPROVED: "success",
  PENDING: "info",
  PROVISIONING: "info",
  UPDATING: "info",
  EXECUTING: "info",
  DECOMMISSIONING: "info",
  DEGRADED: "warning",
  CANCELLED: "neutral",
  DECOMMISSIONED: "neutral",
  FAILED: "danger",
  REJECTED: "danger",
};

export function StatusBadge({ status }: { status: string }) {
  return (
    <Badge tone={TONES[status as ClientStatus | State] ?? "neutral"}>
      {status.charAt(0) + status.slice(1).toLowerCase().replace(/_/g, " ")}
    </Badge>
  );
}
