import type { z } from "zod";
import type { FieldErrors } from "../errors";

/** Zod issues keyed by field path, the shape forms show under each field. */
export function zodFieldErrors(error: z.ZodError): FieldErrors {
  const out: FieldErrors = {};
  for (const issue of error.issues) {
    const key = issue.path.join(".") || "form";
    (out[key] ??= []).push(issue.message);
  }
  return out;
}
