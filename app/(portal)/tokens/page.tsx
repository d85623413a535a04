import type { Metadata } from "next";
import Link from "next/link";
import { requirePageUser } from "@/lib/auth/session";
import { roleAllows } from "@/lib/auth/policy";
import { scopesFor } from "@/lib/api/tokens/scopes";
import { ROLE_LABELS } from "@/lib/auth/roles";
import { listTokensOf } from "@/lib/api/tokens/store";
import { PageHeader } from "@/components/ui/page-header";
import { Card, CardBody, CardHeader } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { TokenTable } from "../_components/api-tokens/token-table";
import { CreateTokenForm } from "./_components/create-token-form";

export const metadata: Metadata = { title: "Your API tokens" };

export default async function TokensPage() {
  const user = await requirePageUser("token:manage");
  const tokens = await listTokensOf(user.id);
  return (
    <>
      <PageHeader
        title="Your API tokens"
        description={
          <>
            A token lets a script or the <code>stackport</code> command act as you through the{" "}
            <Link className="text-brand-700 underline" href="/api-reference">
              automation API
            </Link>
            , with your role ({ROLE_LABELS[user.role]}) or less. The change log records what it does and with which token.
          </>
        }
      />
      <div className="grid gap-6 lg:grid-cols-3">
        <div className="lg:col-span-2">
          {tokens.length === 0 ? (
            <EmptyState title="No tokens yet" description="Create one to use the API or the stackport command. It is shown once." />
          ) : (
            <TokenTable tokens={tokens} caption="Your API tokens" revoke="own" />
          )}
        </div>
        <Card>
          <CardHeader title="Create a token" description="Stackport keeps only its hash: copy it when it is shown." />
          <CardBody>
            <CreateTokenForm scopes={scopesFor((action) => roleAllows(user.role, action))} />
          </CardBody>
        </Card>
      </div>
    </>
  );
}
