import { Badge, type Tone } from "@/components/ui/badge";

const TONES: Record<string, Tone> = {
  ACTIVE: "success",
  SUCCEEDED: "success",
  APPROVED: "success",
  PENDING: "info",
  PROVISIONING: "info",
  EXECUTING: "info",
  DECOMMISSIONING: "info",
  DEGRADED: "warning",
  CANCELLED: "neutral",
  DECOMMISSIONED: "neutral",
  FAILED: "danger",
  REJECTED: "danger",
};

export function StatusBadge({ status }: { status: string }) {
  return <Badge tone={TONES[status] ?? "neutral"}>{status.charAt(0) + status.slice(1).toLowerCase().replace(/_/g, " ")}</Badge>;
}
