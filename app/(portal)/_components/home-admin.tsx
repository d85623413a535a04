import { adminHome } from "@/lib/dashboard/home";
import { ROLES, ROLE_LABELS } from "@/lib/auth/roles";
import { Card, CardBody, CardHeader } from "@/components/ui/card";
import { ButtonLink } from "@/components/ui/button";
import { AuditList } from "./audit-list";

export async function AdminHome() {
  const { byRole, disabled, failures } = await adminHome();
  return (
    <div className="space-y-6">
      <Card>
        <CardHeader
          title="People"
          description={`${disabled} disabled account${disabled === 1 ? "" : "s"}.`}
          actions={
            <ButtonLink href="/admin/users" variant="secondary">
              Manage users
            </ButtonLink>
          }
        />
        <CardBody>
          <dl className="grid grid-cols-2 gap-4 sm:grid-cols-4">
            {ROLES.map((role) => (
              <div key={role}>
                <dt className="text-sm text-slate-600">{ROLE_LABELS[role]}s</dt>
                <dd className="text-2xl font-semibold tabular-nums">{byRole[role] ?? 0}</dd>
              </div>
            ))}
          </dl>
        </CardBody>
      </Card>
      <Card>
        <CardHeader title="Recent failed sign-ins" />
        {failures.length ? (
          <AuditList caption="Recent failed sign-ins" rows={failures} />
        ) : (
          <CardBody>
            <p className="text-sm text-slate-600">No failed sign-ins recorded.</p>
          </CardBody>
        )}
      </Card>
    </div>
  );
}
