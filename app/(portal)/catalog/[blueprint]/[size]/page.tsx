import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { requirePageUser } from "@/lib/auth/session";
import { getBlueprint } from "@/lib/catalog";
import { findSize } from "@/lib/catalog";
import { EXAMPLE_CLIENT, templateView } from "@/lib/catalog/view";
import { PageHeader } from "@/components/ui/page-header";
import { Card, CardBody, CardHeader } from "@/components/ui/card";
import { CodeBlock } from "@/components/ui/code-block";
import { formatUsd } from "@/components/ui/format";
import { cn } from "@/components/ui/cn";
import { Breadcrumbs } from "../../_components/breadcrumbs";
import { DownloadLink } from "../../_components/download-link";
import { GuardrailSummary } from "../../_components/guardrail-summary";
import { KeyValueTable } from "../../_components/key-value-table";

type Props = { params: Promise<{ blueprint: string; size: string }>; searchParams: Promise<{ env?: string | string[] }> };

async function load(params: Props["params"]) {
  const { blueprint: blueprintId, size: sizeId } = await params;
  const blueprint = getBlueprint(blueprintId);
  const size = blueprint && findSize(blueprint, sizeId);
  if (!blueprint || !size) notFound();
  return { blueprint, size };
}

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { blueprint, size } = await load(params);
  return { title: `${size.label} template · ${blueprint.name}` };
}

export default async function TemplatePage({ params, searchParams }: Props) {
  await requirePageUser("catalog:read");
  const { blueprint, size } = await load(params);
  const { env } = await searchParams;
  const t = templateView(blueprint, size, Array.isArray(env) ? env[0] : env);
  return (
    <>
      <Breadcrumbs
        items={[
          { label: "Catalog", href: "/catalog" },
          { label: blueprint.name, href: `/catalog#${blueprint.id}` },
          { label: `${size.label} template` },
        ]}
      />
      <PageHeader
        title={`${size.label} template`}
        description={`${blueprint.name}, rendered exactly as it would be sent to CloudFormation for a placeholder client, “${EXAMPLE_CLIENT.displayName}”, in ${t.environment} (${blueprint.pricingRegion}).`}
        actions={t.downloads.map((d, i) => (
          <DownloadLink key={d.href} href={d.href} primary={i === 0}>
            {d.label}
          </DownloadLink>
        ))}
      />
      {t.environments.length > 1 ? (
        <nav aria-label="Environment" className="mb-4 inline-flex rounded-md bg-white p-1 text-sm shadow-sm ring-1 ring-slate-200">
          {t.environments.map((e) => (
            <Link
              key={e}
              href={`/catalog/${blueprint.id}/${size.id}?env=${e}`}
              aria-current={e === t.environment ? "page" : undefined}
              className={cn(
                "rounded px-3 py-1.5 font-medium capitalize",
                e === t.environment ? "bg-brand-600 text-white" : "text-slate-700 hover:bg-slate-100",
              )}
            >
              {e}
            </Link>
          ))}
        </nav>
      ) : (
        <p className="mb-4 text-sm text-slate-600">{size.label} runs in staging only: production needs a larger size.</p>
      )}
      <div className="grid gap-6 lg:grid-cols-3">
        <div className="min-w-0 lg:col-span-2">
          {/* Sticky, so the template stays in view beside the longer summary column. */}
          <CodeBlock
            code={t.yaml}
            label={`${size.label} template, ${t.environment}, YAML (${t.lineCount} lines)`}
            className="lg:sticky lg:top-4 lg:max-h-[calc(100vh-2rem)]"
          />
        </div>
        <div className="space-y-6">
          <Card>
            <CardHeader title="Summary" />
            <CardBody>
              <dl className="space-y-3 text-sm">
                <div>
                  <dt className="text-slate-600">Stack name</dt>
                  <dd className="font-mono text-slate-900">{t.stackName}</dd>
                </div>
                <div>
                  <dt className="text-slate-600">Monthly estimate</dt>
                  <dd className="font-semibold text-slate-900">{formatUsd(t.size.monthlyUsd)} / month</dd>
                </div>
                <div>
                  <dt className="text-slate-600">Resources</dt>
                  <dd className="text-slate-900">{t.resourceCount}</dd>
                </div>
                <div>
                  <dt className="text-slate-600">SHA-256 of the JSON body</dt>
                  <dd className="break-all font-mono text-xs text-slate-900" data-testid="sha256">
                    {t.sha256}
                  </dd>
                </div>
              </dl>
              <ul className="mt-4 space-y-1 border-t border-slate-200 pt-3 text-sm text-slate-800">
                {t.highlights.map((h) => (
                  <li key={h}>{h}</li>
                ))}
              </ul>
            </CardBody>
          </Card>
          <Card>
            <CardHeader title="Guardrails" />
            <CardBody>
              <GuardrailSummary status={t.guardrails} />
            </CardBody>
          </Card>
          <Card>
            <CardHeader title="Resources by type" description={`${t.resourceCount} resources in ${t.resourcesByType.length} types.`} />
            <KeyValueTable
              caption="Resources by type"
              head={["Type", "Count"]}
              rows={t.resourcesByType.map((r) => [r.type, String(r.count)])}
              numeric
            />
          </Card>
        </div>
      </div>
      <div className="mt-6 grid gap-6 lg:grid-cols-2">
        <Card>
          <CardHeader title="Parameters" description="Sent with the stack; also written into the template as each parameter’s Default." />
          <KeyValueTable
            caption="Parameters"
            head={["Parameter", "Value"]}
            rows={t.parameters.map((p) => [p.ParameterKey, p.ParameterValue])}
          />
        </Card>
        <Card>
          <CardHeader title="Tags" description="Stack tags: CloudFormation copies them onto every resource that supports tags." />
          <KeyValueTable caption="Tags" head={["Key", "Value"]} rows={t.tags.map((tag) => [tag.Key, tag.Value])} />
        </Card>
      </div>
    </>
  );
}
