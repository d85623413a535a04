import type { Metadata } from "next";
import { requirePageUser } from "@/lib/auth/session";
import { roleAllows } from "@/lib/auth/policy";
import { scopesFor } from "@/lib/api/tokens/scopes";
import { ROLE_LABELS, isRole } from "@/lib/auth/roles";
import { listServiceAccounts } from "@/lib/api/tokens/store";
import { PageHeader } from "@/components/ui/page-header";
import { Badge } from "@/components/ui/badge";
import { Card, CardBody, CardHeader } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { TokenTable } from "../../_components/api-tokens/token-table";
import { AccountActions } from "./_components/account-actions";
import { CreateAccountForm } from "./_components/create-account-form";

export const metadata: Metadata = { title: "Service accounts" };

export default async function ServiceAccountsPage() {
  await requirePageUser("service-account:manage");
  const accounts = await listServiceAccounts();
  return (
    <>
      <PageHeader
        title="Service accounts"
        description="Identities for other systems, such as a CRM that files onboarding requests when a contract is signed. They act only through their API tokens, as an account manager or an auditor, and never approve."
      />
      <div className="grid gap-6 lg:grid-cols-3">
        <div className="space-y-6 lg:col-span-2">
          {accounts.length === 0 ? (
            <EmptyState
              title="No service accounts yet"
              description="Add one, then give it a token for the system that will call the API."
            />
          ) : (
            accounts.map((a) => (
              <Card key={a.id}>
                <CardHeader
                  title={a.user.name}
                  description={`${isRole(a.user.role) ? ROLE_LABELS[a.user.role] : a.user.role}${a.description ? ` · ${a.description}` : ""}`}
                />
                <CardBody>
                  <div className="space-y-4" data-testid={`service-account-${a.id}`}>
                    <Badge tone={a.user.disabled ? "neutral" : "success"}>{a.user.disabled ? "Disabled" : "Enabled"}</Badge>
                    {a.user.apiTokens.length ? (
                      <TokenTable tokens={a.user.apiTokens} caption={`Tokens of ${a.user.name}`} revoke="service" />
                    ) : (
                      <p className="text-sm text-slate-600">No tokens yet.</p>
                    )}
                    <AccountActions
                      accountId={a.id}
                      userId={a.user.id}
                      name={a.user.name}
                      disabled={a.user.disabled}
                      scopes={
                        isRole(a.user.role) ? scopesFor((action) => roleAllows(a.user.role as never, action, { serviceAccount: true })) : []
                      }
                    />
                  </div>
                </CardBody>
              </Card>
            ))
          )}
        </div>
        <Card>
          <CardHeader title="Add a service account" />
          <CardBody>
            <CreateAccountForm />
          </CardBody>
        </Card>
      </div>
    </>
  );
}
