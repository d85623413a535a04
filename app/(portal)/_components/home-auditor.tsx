import { recentAuditEntries } from "@/lib/dashboard/home";
import { Card, CardHeader } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { AuditList } from "./audit-list";

export async function AuditorHome() {
  const entries = await recentAuditEntries(15);
  if (entries.length === 0)
    return (
      <EmptyState title="The change log is empty" description="Every sign-in, user change and change request will be recorded here." />
    );
  return (
    <Card>
      <CardHeader title="Latest changes" description="The newest entries of the tamper-evident change log." />
      <AuditList caption="Latest change log entries" rows={entries} />
    </Card>
  );
}
