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

export function fieldPath(path: readonly PropertyKey[]): string {
  return path.map(String).join(".");
}
