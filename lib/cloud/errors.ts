// CloudFormation's errors as the rest of Stackport sees them: a CloudError with AWS's code and
// message and one `reason` decided here, so no caller matches AWS's wording. Pure.

export type CloudErrorReason =
  /** The stack or change set does not exist (deleted, never made, another account). */
  | "not-found"
  /** A change set or stack of that name exists already (a repeated create). */
  | "already-exists"
  /** CloudFormation's API limits, after the SDK's own retries: try again later. */
  | "throttled"
  /** CloudFormation could not be reached or failed on its side (network, 5xx): try again later. */
  | "unavailable"
  /** CloudFormation refused the request as it stands (validation, state, permissions, capabilities). */
  | "refused";

export class CloudError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly reason: CloudErrorReason,
  ) {
    super(message);
    this.name = "CloudError";
  }

  /** Worth trying the same call again later (nothing was refused). */
  get transient(): boolean {
    return this.reason === "throttled" || this.reason === "unavailable";
  }
}

const THROTTLED = new Set(["Throttling", "ThrottlingException", "TooManyRequestsException", "RequestLimitExceeded"]);
const NOT_FOUND = new Set(["ChangeSetNotFoundException", "ChangeSetNotFound", "StackNotFoundException", "StackSetNotFoundException"]);
const ALREADY_EXISTS = new Set(["AlreadyExistsException"]);
const NETWORK = /^(E[A-Z]+|TimeoutError|RequestTimeout|AbortError)$/;

interface ErrorLike {
  name?: string;
  code?: string;
  message?: string;
  $fault?: "client" | "server";
  $metadata?: { httpStatusCode?: number };
}

/** The reason for an error CloudFormation (or the way to it) answered with. */
export function reasonOf(error: ErrorLike): CloudErrorReason {
  const name = error.name ?? "";
  if (THROTTLED.has(name)) return "throttled";
  if (NOT_FOUND.has(name)) return "not-found";
  if (ALREADY_EXISTS.has(name)) return "already-exists";
  // A missing stack is a ValidationError whose only mark is its text: "Stack with id X does not exist", "Stack [X] does not exist".
  if (name === "ValidationError" && /\bdoes not exist\b/.test(error.message ?? "")) return "not-found";
  if (NETWORK.test(error.code ?? "") || NETWORK.test(name)) return "unavailable";
  if (error.$fault === "server" || (error.$metadata?.httpStatusCode ?? 0) >= 500) return "unavailable";
  return "refused";
}

/** Any error from an SDK call as a CloudError (an existing CloudError passes through). */
export function toCloudError(error: unknown): CloudError {
  if (error instanceof CloudError) return error;
  const e = (error && typeof error === "object" ? error : { message: String(error) }) as ErrorLike;
  const code = (NETWORK.test(e.code ?? "") ? e.code : e.name) || "Error";
  return new CloudError(code, e.message || code, reasonOf(e));
}
