import type { Metadata } from "next";
import Link from "next/link";
import { requirePageUser } from "@/lib/auth/session";
import { fleetPage } from "@/lib/fleet/overview";
import { PageHeader } from "@/components/ui/page-header";
import { Card, CardBody, CardHeader } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { FleetHealth } from "../_components/fleet-health";
import { VersionChart } from "./_components/version-chart";
import { RolloutsInFlight } from "./_components/rollouts-in-flight";
import { OwnerFilter } from "./_components/owner-filter";
import type { RawSearchParams } from "@/lib/http/search-params";

export const metadata: Metadata = { title: "Fleet" };

export default async function FleetPage({ searchParams }: { searchParams: Promise<RawSearchParams> }) {
  const user = await requirePageUser("fleet:read");
  const { owner, owners, errors, chart, figures, health, rolloutsInFlight } = await fleetPage(user, await searchParams);
  const empty = !owner && chart.total === 0 && figures.every((f) => f.count === 0);
  const whose = owner ? ` of ${owner.name}` : "";
  return (
    <>
      <PageHeader
        title="Fleet"
        description={
          empty ? undefined : `${health.live.toLocaleString("en-US")} client${health.live === 1 ? "" : "s"}${whose} with a live stack.`
        }
      />
      {owners.length ? (
        <div className="mb-6">
          <OwnerFilter owners={owners} value={owner?.id ?? ""} errors={errors.ownerId} />
        </div>
      ) : null}
      {empty ? (
        <EmptyState
          title="No client has a live stack yet"
          description={
            <>
              Clients appear here once their first launch succeeds.{" "}
              <Link href="/clients" className="font-medium text-brand-700 underline">
                See the clients
              </Link>
            </>
          }
        />
      ) : (
        <div className="space-y-6">
          <section aria-labelledby="fleet-health-heading">
            <h2 id="fleet-health-heading" className="mb-3 text-base font-semibold text-slate-900">
              Health
            </h2>
            <FleetHealth figures={figures} />
          </section>
          <Card>
            <CardHeader
              title="Clients per blueprint version"
              description={`Each bar is a version of the blueprint; its colours are the clients' statuses.${owner ? ` Only ${owner.name}'s clients.` : ""}`}
            />
            <CardBody>
              {chart.total > 0 ? <VersionChart chart={chart} /> : <p className="text-sm text-slate-600">No client has a live stack yet.</p>}
            </CardBody>
          </Card>
          <RolloutsInFlight rollouts={rolloutsInFlight} />
        </div>
      )}
    </>
  );
}
