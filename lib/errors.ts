// Expected errors: each becomes a message a user can act on. Anything else is a bug and
// is shown as a generic message with a logged event id — never its own text.

export type FieldErrors = Record<string, string[]>;

export class ExpectedError extends Error {
  readonly expected = true;
}

export class NotFoundError extends ExpectedError {
  constructor(what = "That item") {
    super(`${what} was not found.`);
    this.name = "NotFoundError";
  }
}

export class ForbiddenError extends ExpectedError {
  constructor(message = "You are not allowed to do that.") {
    super(message);
    this.name = "ForbiddenError";
  }
}

export class ConflictError extends ExpectedError {
  constructor(message: string) {
    super(message);
    this.name = "ConflictError";
  }
}

/** A rule broken by input; `fieldErrors` names each field and what is wrong with it. */
export class ValidationError extends ExpectedError {
  constructor(
    readonly fieldErrors: FieldErrors,
    message = "Some fields need attention.",
  ) {
    super(message);
    this.name = "ValidationError";
  }
}

export function isExpectedError(error: unknown): error is ExpectedError {
  return error instanceof ExpectedError;
}
