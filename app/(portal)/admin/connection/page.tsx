import type { Metadata } from "next";
import { requirePageUser } from "@/lib/auth/session";
import { connectionSettings } from "@/lib/cloud/connection";
import { PageHeader } from "@/components/ui/page-header";
import { Card, CardBody, CardHeader } from "@/components/ui/card";
import { ConnectionCheck } from "./_components/connection-check";

export const metadata: Metadata = { title: "AWS connection" };

export default async function ConnectionPage() {
  await requirePageUser("system:check");
  const s = connectionSettings();
  const rows: [string, React.ReactNode][] = [
    ["Mode", s.mode],
    ["Region", s.region],
    ["CloudFormation endpoint", s.cloudFormationEndpoint],
    ["STS endpoint", s.stsEndpoint],
    ["Credentials", s.credentials],
    ["Capabilities acknowledged", s.capabilities.join(", ")],
    [
      "Roles per environment",
      s.roles.length ? (
        <ul className="space-y-1">
          {s.roles.map((r) => (
            <li key={r.environment}>
              <span className="font-medium">{r.environment}</span>: <span className="break-all font-mono text-xs">{r.roleArn}</span>
            </li>
          ))}
        </ul>
      ) : (
        "None: every environment uses the portal's own credentials"
      ),
    ],
    ["Role session", `${s.sessionName}, ${s.sessionSeconds / 60} minutes; external id ${s.externalId.toLowerCase()}`],
    ["Calls", `${s.maxAttempts} attempts each, ${s.timeoutMs / 1000} s timeout`],
  ];
  return (
    <>
      <PageHeader
        title="AWS connection"
        description="The configuration in effect and a check that CloudFormation answers with each set of credentials. The check only reads: it asks for a stack that cannot exist and expects the “does not exist” answer."
      />
      <div className="grid gap-6 lg:grid-cols-5">
        <Card className="lg:col-span-2">
          <CardHeader title="Configuration" description="Set through environment variables (see the README); secrets are never shown." />
          <CardBody>
            <dl className="space-y-3 text-sm" data-testid="connection-settings">
              {rows.map(([term, value]) => (
                <div key={term}>
                  <dt className="font-medium text-slate-700">{term}</dt>
                  <dd className="mt-0.5 break-words text-slate-900">{value}</dd>
                </div>
              ))}
            </dl>
          </CardBody>
        </Card>
        <div className="lg:col-span-3">
          <ConnectionCheck />
        </div>
      </div>
    </>
  );
}
