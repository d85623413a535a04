import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { requirePageUser } from "@/lib/auth/session";
import { getBlueprint } from "@/lib/catalog";
import { comparisonView, parseCompareQuery } from "@/lib/catalog/view";
import { PageHeader } from "@/components/ui/page-header";
import { Card, CardBody, CardHeader } from "@/components/ui/card";
import { Alert } from "@/components/ui/alert";
import { Breadcrumbs } from "../../_components/breadcrumbs";
import { CompareForm } from "../../_components/compare-form";
import { ComparisonResult } from "../../_components/comparison-result";

type Props = { params: Promise<{ blueprint: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> };

export const metadata: Metadata = { title: "Compare sizes" };

export default async function ComparePage({ params, searchParams }: Props) {
  await requirePageUser("catalog:read");
  const blueprint = getBlueprint((await params).blueprint);
  if (!blueprint) notFound();
  const form = parseCompareQuery(blueprint, await searchParams);
  const invalid = Object.keys(form.fieldErrors).length > 0;
  const sizes = blueprint.sizes.map((s) => ({ id: s.id, label: s.label }));
  return (
    <>
      <Breadcrumbs
        items={[
          { label: "Catalog", href: "/catalog" },
          { label: blueprint.name, href: `/catalog#${blueprint.id}` },
          { label: "Compare sizes" },
        ]}
      />
      <PageHeader
        title="Compare sizes"
        description={`${blueprint.name}: what moving a client from one size to another changes, what it means while it happens, and what it does to the monthly estimate.`}
      />
      <div className="grid gap-6 lg:grid-cols-3">
        <div className="lg:col-span-2">
          {invalid ? (
            <Alert tone="warning" title="Choose two sizes from the list">
              The link names a size this blueprint does not have.
            </Alert>
          ) : (
            <ComparisonResult comparison={comparisonView(blueprint, form.from, form.to)} blueprintId={blueprint.id} />
          )}
        </div>
        <div className="space-y-6">
          <Card>
            <CardHeader title="Compare other sizes" />
            <CardBody>
              <CompareForm
                blueprintId={blueprint.id}
                sizes={sizes}
                from={form.from}
                to={form.to}
                fieldErrors={form.fieldErrors}
                idPrefix="compare"
              />
            </CardBody>
          </Card>
          <p className="px-1 text-sm text-slate-600">
            Estimates use {blueprint.pricingRegion} list prices; see the{" "}
            <Link href={`/catalog#${blueprint.id}`} className="font-medium text-brand-700 hover:underline">
              catalog
            </Link>{" "}
            for each size’s cost lines.
          </p>
        </div>
      </div>
    </>
  );
}
