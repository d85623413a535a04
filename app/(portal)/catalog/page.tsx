import type { Metadata } from "next";
import { requirePageUser } from "@/lib/auth/session";
import { catalogView, type BlueprintView } from "@/lib/catalog/view";
import { PageHeader } from "@/components/ui/page-header";
import { EmptyState } from "@/components/ui/empty-state";
import { CardBody } from "@/components/ui/card";
import { Badge } from "@/components/ui/badge";
import { ChangelogList } from "@/components/ui/changelog-list";
import { SizeCard } from "./_components/size-card";
import { SizeMatrix } from "./_components/size-matrix";
import { CompareForm } from "./_components/compare-form";
import { SectionCard } from "./_components/section-card";

export const metadata: Metadata = { title: "Catalog" };

export default async function CatalogPage() {
  await requirePageUser("catalog:read");
  const blueprints = catalogView();
  return (
    <>
      <PageHeader
        title="Catalog"
        description="What a client can be onboarded onto: each blueprint, the sizes it comes in, what each size builds and costs a month, and whether its template passes the guardrails. Everything here is computed from the same templates and price tables the portal deploys with."
      />
      {blueprints.length === 0 ? (
        <EmptyState
          title="No blueprints yet"
          description="Blueprints are folders under templates/ in the portal's repository; add one and deploy to offer it here."
        />
      ) : (
        <div className="space-y-12">
          {blueprints.map((bp) => (
            <BlueprintSection key={bp.id} view={bp} />
          ))}
        </div>
      )}
    </>
  );
}

function BlueprintSection({ view }: { view: BlueprintView }) {
  const sizes = view.sizes.map((s) => ({ id: s.id, label: s.label }));
  const two = view.sizes.filter((s) => s.twoApprovers).map((s) => s.label);
  return (
    <section id={view.id} aria-labelledby={`${view.id}-title`} className="scroll-mt-6 space-y-6">
      <div className="rounded-lg border border-slate-200 bg-white px-5 py-4 shadow-sm">
        <div className="flex flex-wrap items-center gap-3">
          <h2 id={`${view.id}-title`} className="text-xl font-semibold text-slate-900">
            {view.name}
          </h2>
          <Badge tone="info">Version {view.version}</Badge>
          <Badge>{view.sizes.length} sizes</Badge>
          <Badge tone="info">Production: {view.productionMinimumLabel} or larger</Badge>
          {two.length ? <Badge tone="warning">Two approvers: {two.join(", ")}</Badge> : null}
        </div>
        <p className="mt-2 max-w-4xl text-sm text-slate-700">{view.description}</p>
      </div>

      <div className="grid gap-4 sm:grid-cols-2 xl:grid-cols-4">
        {view.sizes.map((size) => (
          <SizeCard key={size.id} size={size} />
        ))}
      </div>
      <div className="grid items-start gap-6 lg:grid-cols-3">
        <SectionCard
          id={`${view.id}-matrix`}
          title="Sizes side by side"
          description="Settings in bold change from the size to their left. Cost lines show quantity × monthly unit price."
          className="lg:col-span-2"
        >
          <SizeMatrix view={view} />
        </SectionCard>
        <div className="space-y-6">
          <SectionCard
            id={`${view.id}-compare`}
            title="Compare two sizes"
            description="What a resize changes, in plain words, and what it does to the monthly bill."
          >
            <CardBody>
              <CompareForm
                blueprintId={view.id}
                sizes={sizes}
                from={sizes[0]?.id ?? ""}
                to={sizes[sizes.length - 1]?.id ?? ""}
                idPrefix={`${view.id}-compare`}
              />
            </CardBody>
          </SectionCard>
          <SectionCard id={`${view.id}-prices`} title="About these prices">
            <CardBody className="space-y-2 text-sm text-slate-700">
              <p>
                On-demand list prices for <span className="font-medium text-slate-900">{view.priceSource.region}</span> as of{" "}
                <span className="font-medium text-slate-900">{view.priceSource.date}</span>
                {view.priceSource.hoursPerMonth ? `, at ${view.priceSource.hoursPerMonth} hours a month` : ""}. Usage-based charges (data
                transfer, NAT data processing, S3 storage, backups beyond the free allowance) are not included.
              </p>
              <p className="text-xs text-slate-600">Source: {view.priceSource.source}</p>
            </CardBody>
          </SectionCard>
        </div>
      </div>

      <SectionCard
        id={`${view.id}-versions`}
        title="Versions and maintenance windows"
        description={`Current version ${view.version}. Every revision records the version it was rendered from; a live client on an older version can be moved to this one with an update request, reviewed like a resize.`}
      >
        <CardBody className="space-y-4">
          <p className="text-sm text-slate-700">
            Disruptive changes — any that replace a resource, or that change {view.disruptiveParameters.join(", ")} — wait for the
            client&apos;s weekly maintenance window once approved (default: {view.maintenanceWindow}; an account manager can change it per
            client). Other changes run as soon as they are approved.
          </p>
          <ChangelogList entries={view.changelog} />
        </CardBody>
      </SectionCard>

      <SectionCard
        id={`${view.id}-builds`}
        title="What it builds"
        description="Every size builds the same architecture; sizes differ only in the settings above."
      >
        <CardBody>
          <dl className="grid gap-x-8 gap-y-5 text-sm md:grid-cols-2 xl:grid-cols-4">
            {view.builds.map((b) => (
              <div key={b.title || b.text}>
                {b.title ? <dt className="font-semibold text-slate-900">{b.title}</dt> : null}
                <dd className="mt-1 leading-relaxed text-slate-700">{b.text}</dd>
              </div>
            ))}
          </dl>
        </CardBody>
      </SectionCard>
    </section>
  );
}
