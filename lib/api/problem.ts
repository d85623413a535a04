import { z } from "zod";
import { ConflictError, ExpectedError, ForbiddenError, isExpectedError, NotFoundError, ValidationError, type FieldErrors } from "../errors";

// RFC 9457 problem details: every error the API answers is one of these, as
// application/problem+json. `errors` carries per-field messages from the same zod schemas (and
// the same ValidationError) the portal's forms show under each field. Pure.

export const PROBLEM_TYPE_BASE = "https://stackport.dev/problems/";

export const problemSchema = z
  .object({
    type: z.string().describe("A URI naming the kind of problem."),
    title: z.string().describe("A short summary of the kind of problem."),
    status: z.number().int(),
    detail: z.string().optional().describe("What went wrong this time, in a sentence a person can act on."),
    instance: z.string().optional(),
    errors: z.record(z.string(), z.array(z.string())).optional().describe("Messages per field, keyed by the field's path (e.g. sizeId)."),
    eventId: z.string().optional().describe("For unexpected errors: the id under which the server logged it."),
  })
  .meta({ id: "Problem" });
export type Problem = z.infer<typeof problemSchema>;

const TITLES: Record<number, [slug: string, title: string]> = {
  400: ["bad-request", "The request is malformed"],
  401: ["unauthenticated", "Authentication required"],
  403: ["forbidden", "Not allowed"],
  404: ["not-found", "Not found"],
  405: ["method-not-allowed", "Method not allowed"],
  406: ["not-acceptable", "Not acceptable"],
  409: ["conflict", "Conflict with the current state"],
  412: ["precondition-failed", "The resource has changed"],
  415: ["unsupported-media-type", "Send JSON"],
  422: ["validation", "Some fields need attention"],
  428: ["precondition-required", "If-Match required"],
  429: ["rate-limited", "Too many requests"],
  500: ["internal", "Something went wrong on our side"],
};

export function problem(status: number, detail?: string, extra: Partial<Problem> = {}): Problem {
  const [slug, title] = TITLES[status] ?? ["error", "Error"];
  return { type: `${PROBLEM_TYPE_BASE}${slug}`, title, status, ...(detail ? { detail } : {}), ...extra };
}

export function validationProblem(errors: FieldErrors, detail = "Some fields need attention."): Problem {
  return problem(422, detail, { errors });
}

/** If-Match named a version that is no longer current. */
export class PreconditionFailedError extends ExpectedError {
  constructor(message = "This changed since you read it: read it again (its ETag is new) and decide on what it is now.") {
    super(message);
    this.name = "PreconditionFailedError";
  }
}

/** The problem an expected domain error stands for; null for anything else (a bug: answered as 500 by the caller). */
export function problemFromError(error: unknown): Problem | null {
  if (error instanceof PreconditionFailedError) return problem(412, error.message);
  if (error instanceof ValidationError) return validationProblem(error.fieldErrors, error.message);
  if (error instanceof NotFoundError) return problem(404, error.message);
  if (error instanceof ForbiddenError) return problem(403, error.message);
  if (error instanceof ConflictError) return problem(409, error.message);
  if (isExpectedError(error)) return problem(409, error.message);
  return null;
}

export function problemResponse(p: Problem, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(p), {
    status: p.status,
    headers: { "Content-Type": "application/problem+json", "Cache-Control": "no-store", ...headers },
  });
}
