import { estimateCost, findSize, getBlueprint, type Blueprint } from "../catalog";
import { NotFoundError } from "../errors";
import { evaluateGuardrails, hasBlockingFindings, type Finding } from "../guardrails";
import { RenderInputError, renderErrorsToFields, renderStack, type RenderResult } from "../render";
import { capitalise } from "../text";
import { ValidationError } from "../errors";

// Pure: what a request proposes — the rendered template, its guardrail findings and cost —
// before anything is written. Used by the wizard's review step and by the writers alike.

export interface ClientInputs {
  displayName: string;
  environment: "production" | "staging";
  region: string;
  owner: string;
  slug?: string;
}

/** A stored client as the render input it was onboarded with (its owner by email). */
export function clientInputsOf(client: {
  displayName: string;
  environment: string;
  region: string;
  slug: string;
  owner: { email: string };
}): ClientInputs {
  return {
    displayName: client.displayName,
    environment: client.environment as ClientInputs["environment"],
    region: client.region,
    owner: client.owner.email,
    slug: client.slug,
  };
}

export interface Proposal {
  blueprint: Blueprint;
  rendered: RenderResult;
  findings: Finding[];
  monthlyUsd: number;
}

export function requireBlueprint(id: string): Blueprint {
  const blueprint = getBlueprint(id);
  if (!blueprint) throw new ValidationError({ blueprintId: [`There is no blueprint "${id}"`] });
  return blueprint;
}

export function propose(input: {
  blueprintId: string;
  sizeId: string;
  client: ClientInputs;
  /** The blueprint overrides the client runs with (certificate ARN, database engine, …). */
  overrides?: Record<string, string>;
  revision?: number;
  changeRequestId?: string;
}): Proposal {
  const blueprint = requireBlueprint(input.blueprintId);
  const rendered = renderOrFieldErrors({
    blueprintId: input.blueprintId,
    sizeId: input.sizeId,
    client: {
      displayName: input.client.displayName,
      environment: input.client.environment,
      region: input.client.region,
      owner: input.client.owner,
    },
    ...(input.overrides && Object.keys(input.overrides).length > 0 ? { overrides: input.overrides } : {}),
    metadata: { clientSlug: input.client.slug, revision: input.revision, changeRequestId: input.changeRequestId },
  });
  const findings = evaluateGuardrails(rendered.template);
  const cost = estimateCost(blueprint, input.sizeId, { region: input.client.region, overrides: input.overrides });
  return { blueprint, rendered, findings, monthlyUsd: cost?.monthlyUsd ?? sizeCost(blueprint, input.sizeId) };
}

/** Render errors name render-input paths ("client.displayName"); forms know them as "displayName". */
function renderOrFieldErrors(input: Parameters<typeof renderStack>[0]): RenderResult {
  try {
    return renderStack(input);
  } catch (error) {
    if (!(error instanceof RenderInputError)) throw error;
    throw new ValidationError(
      renderErrorsToFields(error, (path) => path.replace(/^client\./, ""), capitalise),
      "Some fields need attention.",
    );
  }
}

/** A size's monthly estimate in the blueprint's own pricing region. */
export function sizeCost(blueprint: Blueprint, sizeId: string): number {
  const size = findSize(blueprint, sizeId);
  if (!size) throw new NotFoundError(`Size "${sizeId}"`);
  return size.cost.monthlyUsd;
}

/** Guardrail errors block submission; the findings are listed in the message. */
export function assertNoBlockingFindings(findings: Finding[]): void {
  if (!hasBlockingFindings(findings)) return;
  const errors = findings.filter((f) => f.severity === "error");
  throw new ValidationError(
    { sizeId: errors.map((f) => `${f.ruleId} on ${f.resource}: ${f.message}`) },
    `Guardrails block this change: ${errors.map((f) => `${f.ruleId} (${f.resource})`).join(", ")}.`,
  );
}

/** The guardrails re-run on a stored revision a request will deploy again (re-apply, recreate). */
export function revisionFindings(revision: { body: string; parameters: string }): Finding[] {
  const parameters = Object.fromEntries(
    (JSON.parse(revision.parameters) as { ParameterKey: string; ParameterValue: string }[]).map((p) => [p.ParameterKey, p.ParameterValue]),
  );
  return evaluateGuardrails(JSON.parse(revision.body), { parameters });
}
