// NoEcho parameters: CloudFormation receives their real values, but nothing the portal shows,
// records in the change log or writes to its logs ever carries one. Pure.
import type { StackParameter } from "./types";

/** What every page, audit entry and export shows instead of a NoEcho parameter's value. */
export const MASK = "****";

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

/** Names of the template's parameters declared `NoEcho: true` (CloudFormation also accepts the string "true"). */
export function noEchoNames(template: unknown): Set<string> {
  const parameters = isObject(template) && isObject(template.Parameters) ? template.Parameters : {};
  return new Set(
    Object.entries(parameters)
      .filter(([, def]) => isObject(def) && (def.NoEcho === true || def.NoEcho === "true"))
      .map(([name]) => name),
  );
}

/** The parameter list with NoEcho values replaced by the mask: the only form shown or recorded. */
export function maskParameters(parameters: readonly StackParameter[], noEcho: ReadonlySet<string>): StackParameter[] {
  return parameters.map((p) => (noEcho.has(p.ParameterKey) ? { ...p, ParameterValue: MASK } : p));
}

/** A stored revision's parameters (JSON), masked by its own template body's NoEcho declarations. */
export function maskedRevisionParameters(body: string, parametersJson: string): StackParameter[] {
  return maskParameters(JSON.parse(parametersJson) as StackParameter[], noEchoNames(JSON.parse(body)));
}
