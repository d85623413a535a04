import type { WizardState } from "@/lib/changes/wizard";
import { Card, CardBody } from "@/components/ui/card";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";

export function DetailsStep({ state, regions }: { state: WizardState; regions: string[] }) {
  const { values, errors } = state;
  return (
    <Card className="max-w-2xl">
      <CardBody>
        <form method="get" action="/clients/new" className="space-y-5" noValidate>
          <input type="hidden" name="step" value="size" />
          <input type="hidden" name="blueprintId" value={state.blueprint.id} />
          <Field
            id="displayName"
            label="Client name"
            hint="As the client calls themselves; the stack name is derived from it."
            errors={errors.displayName}
          >
            {(p) => <input {...p} name="displayName" defaultValue={values.displayName} autoComplete="organization" />}
          </Field>
          <Field
            id="environment"
            label="Environment"
            hint="Production stacks get deletion protection and at least the medium size."
            errors={errors.environment}
          >
            {(p) => (
              <select {...p} name="environment" defaultValue={values.environment ?? "production"}>
                <option value="production">Production</option>
                <option value="staging">Staging</option>
              </select>
            )}
          </Field>
          <Field id="region" label="AWS region" errors={errors.region}>
            {(p) => (
              <select {...p} name="region" defaultValue={values.region ?? state.blueprint.pricingRegion}>
                {regions.map((r) => (
                  <option key={r} value={r}>
                    {r}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <p className="text-sm text-slate-600">
            Blueprint: <span className="font-medium text-slate-900">{state.blueprint.name}</span>
          </p>
          <Button type="submit">Next: choose a size</Button>
        </form>
      </CardBody>
    </Card>
  );
}
