// Errors the Query protocol returns. Code and HTTP status follow what CloudFormation sends, so the
// AWS SDK maps them to the same exception names it would against real AWS (see
// @aws-sdk/client-cloudformation's schemas: the `awsQueryError` code of each modelled exception).
export class ApiError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly status = 400,
    readonly type: "Sender" | "Receiver" = "Sender",
  ) {
    super(message);
  }
}

export const validationError = (message: string) => new ApiError("ValidationError", message);

/** DescribeStacks, DescribeStackResources, ListStackResources, GetTemplate and the other reads. */
export const stackNotFound = (name: string) => validationError(`Stack with id ${name} does not exist`);

/** DescribeStackEvents, UpdateStack, ListChangeSets and CreateChangeSet word it differently on AWS. */
export const stackDoesNotExist = (name: string) => validationError(`Stack [${name}] does not exist`);

export const changeSetNotFound = (name: string) => new ApiError("ChangeSetNotFound", `ChangeSet [${name}] does not exist`, 404);

export const alreadyExists = (name: string) => new ApiError("AlreadyExistsException", `Stack [${name}] already exists`);

export const insufficientCapabilities = (caps: string[]) =>
  new ApiError("InsufficientCapabilitiesException", `Requires capabilities : [${caps.join(", ")}]`);

export const invalidChangeSetStatus = (message: string) => new ApiError("InvalidChangeSetStatus", message);

export const throttling = () => new ApiError("Throttling", "Rate exceeded");

export const internalFailure = () =>
  new ApiError("InternalFailure", "We encountered an internal error. Please try again.", 500, "Receiver");

/** Thrown by template evaluation; becomes a ValidationError at API time or a resource failure reason at run time. */
export class TemplateError extends Error {}
