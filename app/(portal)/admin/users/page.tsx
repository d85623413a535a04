import type { Metadata } from "next";
import { requirePageUser } from "@/lib/auth/session";
import { listUsers } from "@/lib/auth/users";
import { ROLE_LABELS, ROLES, isRole } from "@/lib/auth/roles";
import { PageHeader } from "@/components/ui/page-header";
import { Card, CardBody, CardHeader } from "@/components/ui/card";
import { Table, Td, Th } from "@/components/ui/table";
import { Badge } from "@/components/ui/badge";
import { Pagination } from "@/components/ui/pagination";
import { formatDateTime } from "@/components/ui/format";
import { CreateUserForm } from "./_components/create-user-form";
import { UserRowActions } from "./_components/user-row-actions";
import { ConfirmRole } from "./_components/confirm-role";
import { readSearchParams, textParam, type RawSearchParams } from "@/lib/http/search-params";

export const metadata: Metadata = { title: "Users" };

export default async function UsersPage({ searchParams }: { searchParams: Promise<RawSearchParams> }) {
  const user = await requirePageUser("user:manage");
  const { after } = readSearchParams({ after: textParam(320) }, await searchParams);
  const { users, nextCursor } = await listUsers(after);
  const roles = ROLES.map((r) => ({ value: r, label: ROLE_LABELS[r] }));
  return (
    <>
      <PageHeader
        title="Users"
        description="Local accounts sign in with a password; single sign-on accounts appear after their first sign-in and take their role from their groups."
      />
      <div className="grid gap-6 lg:grid-cols-3">
        <div className="lg:col-span-2">
          <Table caption="Users">
            <thead>
              <tr>
                <Th>Person</Th>
                <Th>Role</Th>
                <Th>Sign-in</Th>
                <Th>Last sign-in</Th>
                <Th>
                  <span className="sr-only">Actions</span>
                </Th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {users.map((u) => (
                <tr key={u.id} data-testid={`user-${u.email}`}>
                  <Td>
                    <span className="block font-medium">{u.name}</span>
                    <span className="block text-slate-600">{u.email}</span>
                    {u.disabled ? (
                      <Badge tone="danger" className="mt-1">
                        Disabled
                      </Badge>
                    ) : null}
                  </Td>
                  <Td>
                    {isRole(u.role) ? ROLE_LABELS[u.role] : u.role}
                    {u.roleGrantedAt && !u.roleConfirmedById ? (
                      <>
                        <Badge tone="warning" className="mt-1 block w-fit">
                          Approves once a second administrator confirms (or, with one administrator, after the cooling-off)
                        </Badge>
                        {u.id !== user.id && u.roleGrantedById !== user.id ? <ConfirmRole userId={u.id} email={u.email} /> : null}
                      </>
                    ) : null}
                  </Td>
                  <Td>{u.ssoSubject ? "Single sign-on" : "Password"}</Td>
                  <Td>{u.lastSignInAt ? formatDateTime(u.lastSignInAt) : "Never"}</Td>
                  <Td>
                    {u.id === user.id ? (
                      <span className="text-xs text-slate-500">You</span>
                    ) : (
                      <UserRowActions userId={u.id} email={u.email} role={u.role} disabled={u.disabled} roles={roles} />
                    )}
                  </Td>
                </tr>
              ))}
            </tbody>
          </Table>
          <Pagination
            label="Users pages"
            firstHref={after ? "/admin/users" : undefined}
            nextHref={nextCursor ? `/admin/users?after=${encodeURIComponent(nextCursor)}` : undefined}
          />
        </div>
        <Card>
          <CardHeader title="Add a local user" description="They sign in with this email and password." />
          <CardBody>
            <CreateUserForm roles={roles} />
          </CardBody>
        </Card>
      </div>
    </>
  );
}
