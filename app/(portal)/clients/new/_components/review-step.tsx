import Link from "next/link";
import { reviewModel, wizardHref, type WizardState } from "@/lib/changes/wizard";
import { prettyJson } from "@/lib/diff";
import { Alert } from "@/components/ui/alert";
import { Card, CardBody, CardHeader } from "@/components/ui/card";
import { Table, Td, Th } from "@/components/ui/table";
import { formatUsd } from "@/components/ui/format";
import { FindingsList } from "../../../_components/findings-list";
import { SubmitOnboarding } from "./submit-onboarding";

export function ReviewStep({ state, owner }: { state: WizardState; owner: string }) {
  const details = state.details!;
  const review = reviewModel(state, owner);
  if (!review.ok) {
    return (
      <Alert tone="danger" title="This client can’t be rendered yet">
        <ul className="list-disc pl-5">
          {review.problems.map((p) => (
            <li key={p}>{p}</li>
          ))}
        </ul>
        <Link href={wizardHref(state.values, "details")} className="mt-2 inline-block font-medium underline">
          Back to details
        </Link>
      </Alert>
    );
  }
  const { proposal, cost, sizeLabel } = review;
  const { summary } = proposal.rendered;
  return (
    <div className="space-y-6">
      <div className="grid gap-6 lg:grid-cols-3">
        <Card className="lg:col-span-2">
          <CardHeader
            title={`${details.displayName} — ${sizeLabel}`}
            description={`${details.environment} in ${details.region}. Stack ${proposal.rendered.stackName}.`}
          />
          <CardBody>
            <h3 className="text-sm font-semibold">What it builds</h3>
            <ul className="mt-2 list-disc space-y-1 pl-5 text-sm">
              {summary.highlights.map((h) => (
                <li key={h}>{h}</li>
              ))}
            </ul>
            <h3 className="mt-4 text-sm font-semibold">{summary.resourceCount} resources</h3>
            <ul className="mt-2 grid grid-cols-1 gap-x-6 text-sm text-slate-700 sm:grid-cols-2">
              {Object.entries(summary.byType)
                .sort()
                .map(([type, n]) => (
                  <li key={type}>
                    <code className="text-xs">{type}</code> × {n}
                  </li>
                ))}
            </ul>
          </CardBody>
        </Card>
        <Card>
          <CardHeader title="Monthly cost" description={cost ? `Prices for ${cost.region}, ${cost.priceSource.date}.` : undefined} />
          {cost ? (
            <Table caption="Monthly cost estimate" className="rounded-none border-0">
              <tbody className="divide-y divide-slate-100">
                {cost.lines.map((l) => (
                  <tr key={l.item}>
                    <Td>
                      {l.item}
                      {l.quantity !== 1 ? ` × ${l.quantity}` : ""}
                    </Td>
                    <Td className="text-right tabular-nums">{formatUsd(l.monthlyUsd)}</Td>
                  </tr>
                ))}
                <tr>
                  <Th>Total</Th>
                  <Th className="text-right tabular-nums">
                    <span data-testid="review-total">{formatUsd(cost.monthlyUsd)}</span>
                  </Th>
                </tr>
              </tbody>
            </Table>
          ) : (
            <CardBody>
              <p className="text-sm">{formatUsd(proposal.monthlyUsd)} (default region prices)</p>
            </CardBody>
          )}
        </Card>
      </div>
      <Card>
        <CardHeader title="Guardrails" description="Error findings block submission; warnings are for the reviewing engineer." />
        <CardBody>
          <FindingsList findings={proposal.findings} />
        </CardBody>
      </Card>
      <Card>
        <CardHeader title="Rendered template" description={`sha256 ${proposal.rendered.sha256}`} />
        <CardBody>
          <details>
            <summary className="cursor-pointer text-sm font-medium text-brand-700">Show the CloudFormation template</summary>
            <pre
              tabIndex={0}
              aria-label="Rendered CloudFormation template"
              className="mt-3 max-h-[32rem] overflow-auto rounded-md bg-slate-900 p-4 text-xs leading-5 text-slate-100"
            >
              {prettyJson(proposal.rendered.body)}
            </pre>
          </details>
        </CardBody>
      </Card>
      <SubmitOnboarding values={{ ...details, sizeId: state.sizeId! }} backHref={wizardHref(state.values, "size")} />
    </div>
  );
}
