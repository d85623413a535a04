import { ValidationError } from "../errors";

export interface FieldIssue {
  /** Dotted path into the render input, e.g. "client.displayName" or "overrides.CertificateArn". */
  field: string;
  message: string;
}

/** Render input that breaks a rule; each issue names the field and the rule it breaks. */
export class RenderInputError extends ValidationError {
  constructor(readonly issues: FieldIssue[]) {
    const fieldErrors: Record<string, string[]> = {};
    for (const { field, message } of issues) (fieldErrors[field] ??= []).push(message);
    super(fieldErrors, issues.map((i) => `${i.field}: ${i.message}`).join("; "));
    this.name = "RenderInputError";
  }
}

/**
 * A render error's issues as form field errors: render names render-input paths
 * ("client.displayName"), a form or query names its own fields ("displayName", "client").
 * `names` maps a path to its field; unmapped paths keep their name.
 */
export function renderErrorsToFields(
  error: RenderInputError,
  names: Record<string, string> | ((path: string) => string),
  word: (message: string) => string = (m) => m,
): Record<string, string[]> {
  const fieldOf = typeof names === "function" ? names : (path: string) => names[path] ?? path;
  const fieldErrors: Record<string, string[]> = {};
  for (const issue of error.issues) (fieldErrors[fieldOf(issue.field)] ??= []).push(word(issue.message));
  return fieldErrors;
}

export function fieldPath(path: readonly PropertyKey[]): string {
  return path.map(String).join(".");
}
