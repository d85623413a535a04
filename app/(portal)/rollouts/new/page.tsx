import type { Metadata } from "next";
import { requirePageUser } from "@/lib/auth/session";
import { getBlueprint, listBlueprints, listPricedRegions } from "@/lib/catalog";
import { countSelection, selectableOwners } from "@/lib/rollouts/select";
import { selectionSchema } from "@/lib/rollouts/schemas";
import { zodFieldErrors } from "@/lib/actions/zod-errors";
import { isExpectedError, ValidationError } from "@/lib/errors";
import { firstValue, type RawSearchParams } from "@/lib/http/search-params";
import { PageHeader } from "@/components/ui/page-header";
import { Card, CardBody, CardHeader } from "@/components/ui/card";
import { SelectionForm } from "./_components/selection-form";
import { PrepareForm } from "./_components/prepare-form";

export const metadata: Metadata = { title: "New rollout" };

const FIELDS = ["blueprintId", "behindVersion", "sizeId", "environment", "region", "ownerId"] as const;

export default async function NewRolloutPage({ searchParams }: { searchParams: Promise<RawSearchParams> }) {
  const user = await requirePageUser("rollout:create");
  const raw = await searchParams;
  const values = Object.fromEntries(
    FIELDS.map((f) => [f, typeof firstValue(raw[f]) === "string" ? String(firstValue(raw[f])).slice(0, 200) : ""]),
  );
  const parsed = selectionSchema.safeParse(Object.fromEntries(Object.entries(values).filter(([, v]) => v !== "")));
  let errors = parsed.success ? {} : zodFieldErrors(parsed.error);
  let count: number | null = null;
  if (parsed.success) {
    try {
      count = await countSelection(parsed.data, user);
    } catch (error) {
      if (error instanceof ValidationError) errors = error.fieldErrors;
      else if (!isExpectedError(error)) throw error;
    }
  }
  const blueprint = getBlueprint(parsed.success ? parsed.data.blueprintId : "stateless-web") ?? listBlueprints()[0];
  const owners = await selectableOwners(user);
  return (
    <>
      <PageHeader
        title="New rollout"
        description="Choose the clients; the count is live. Preparing renders each one, runs the guardrails and creates a change set per client for review."
      />
      <div className="grid gap-6 lg:grid-cols-3">
        <Card className="lg:col-span-2">
          <CardHeader
            title="Which clients"
            description={user.role === "ACCOUNT_MANAGER" ? "Only your own clients are included." : undefined}
          />
          <CardBody>
            <SelectionForm
              values={{ ...values, blueprintId: blueprint.id }}
              errors={errors}
              blueprints={listBlueprints().map((b) => ({ id: b.id, name: b.name }))}
              versions={blueprint.changelog.map((e) => e.version)}
              currentVersion={blueprint.version}
              sizes={blueprint.sizes.map((s) => ({ id: s.id, label: s.label }))}
              regions={listPricedRegions()}
              owners={owners}
            />
          </CardBody>
        </Card>
        <Card>
          <CardHeader title="Prepare" />
          <CardBody>
            <p className="mb-4 text-sm text-slate-800" aria-live="polite" data-testid="selection-count">
              {count === null
                ? "Fix the selection to see how many clients it matches."
                : count === 0
                  ? "No live client matches this selection."
                  : `${count.toLocaleString("en")} live client${count === 1 ? "" : "s"} behind ${values.behindVersion || blueprint.version} match${count === 1 ? "es" : ""}.`}
            </p>
            <PrepareForm selection={{ ...values, blueprintId: blueprint.id }} disabled={!count} toVersion={blueprint.version} />
          </CardBody>
        </Card>
      </div>
    </>
  );
}
