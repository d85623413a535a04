// Plain-language explanations of why an AWS call failed, for the connection check and the start-up
// warning. Pure, so each rule is unit-tested. Messages come from AWS's answer (service errors) or
// from the error code (network and local errors); never from our own internals.

export interface Failure {
  detail: string;
  code: string;
  hint: string;
}

export interface FailureContext {
  service: "sts" | "cloudformation";
  region: string;
  /** The configured endpoint, when not AWS's own. */
  endpoint?: string;
  /** The step assumes a target role (AccessDenied then points at the trust policy). */
  role?: boolean;
}

const NETWORK = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "ETIMEDOUT",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "EAI_AGAIN",
  "ENOTFOUND",
  "EPIPE",
  "TimeoutError",
  "RequestTimeout",
]);
const ACCESS_DENIED = new Set(["AccessDenied", "AccessDeniedException", "UnauthorizedOperation", "AuthorizationError"]);
const EXPIRED = new Set(["ExpiredToken", "ExpiredTokenException", "RequestExpired", "TokenRefreshRequired"]);
const BAD_CREDENTIALS = new Set([
  "InvalidClientTokenId",
  "UnrecognizedClientException",
  "SignatureDoesNotMatch",
  "IncompleteSignature",
  "InvalidAccessKeyId",
]);
const THROTTLED = new Set(["Throttling", "ThrottlingException", "TooManyRequestsException", "RequestLimitExceeded"]);

/** `AKIA…WXYZ`: enough to tell keys apart, never the whole id. */
export function maskKeyId(id: string | undefined): string {
  if (!id) return "(none)";
  return id.length <= 4 ? "…" : `…${id.slice(-4)}`;
}

// The SDK marks resolved credentials with the provider that produced them ($source, feature ids).
const SOURCES: [string, string][] = [
  ["CREDENTIALS_ENV_VARS_STS_WEB_ID_TOKEN", "a web identity token (AWS_WEB_IDENTITY_TOKEN_FILE, e.g. EKS)"],
  ["CREDENTIALS_ENV_VARS", "environment variables (AWS_ACCESS_KEY_ID)"],
  ["CREDENTIALS_PROFILE_SSO", "an SSO profile"],
  ["CREDENTIALS_PROFILE_SOURCE_PROFILE", "a profile that assumes a role"],
  ["CREDENTIALS_PROFILE_PROCESS", "a profile's credential_process"],
  ["CREDENTIALS_PROFILE", "a shared credentials profile (AWS_PROFILE or default)"],
  ["CREDENTIALS_SSO", "AWS IAM Identity Center (SSO)"],
  ["CREDENTIALS_PROCESS", "a credential_process"],
  ["CREDENTIALS_HTTP", "the container credentials endpoint (e.g. an ECS task role)"],
  ["CREDENTIALS_IMDS", "the EC2 instance metadata service (an instance role)"],
  ["CREDENTIALS_STS_ASSUME_ROLE_WEB_ID", "a web identity role"],
  ["CREDENTIALS_CODE", "credentials given in code"],
];

export function describeSource(credentials: object): string {
  const source = (credentials as { $source?: Record<string, string> }).$source ?? {};
  return SOURCES.find(([key]) => key in source)?.[1] ?? "the standard credential chain";
}

function codeOf(error: unknown): string {
  if (!error || typeof error !== "object") return "Error";
  const e = error as { name?: string; code?: string; Code?: string };
  // Network errors keep their Node code (ECONNREFUSED); SDK errors carry the AWS code as their name.
  if (e.code && /^E[A-Z]+$/.test(e.code)) return e.code;
  return e.Code ?? (e.name && e.name !== "Error" ? e.name : (e.code ?? "Error"));
}

const isServiceError = (error: unknown) => Boolean(error && typeof error === "object" && "$fault" in error && "$metadata" in error);

export function describeFailure(error: unknown, ctx: FailureContext): Failure {
  const code = codeOf(error);
  const service = ctx.service === "sts" ? "STS" : "CloudFormation";
  const where = ctx.endpoint ?? `${ctx.service}.${ctx.region}.amazonaws.com`;
  // AWS's own message says who was refused what; local errors are described by their code only.
  const detail =
    isServiceError(error) && error instanceof Error
      ? `${service} answered ${code}: ${error.message.slice(0, 400)}`
      : `${service} call failed: ${code}`;
  const hint = (() => {
    if (code === "CredentialsProviderError") {
      return "No credentials were found in the standard chain. Give the portal an instance or task role, or set AWS_PROFILE or AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY.";
    }
    if (code === "ENOTFOUND" && !ctx.endpoint) {
      return `The regional endpoint ${where} does not resolve: check that AWS_REGION (${ctx.region}) is a real region, and enabled for the account.`;
    }
    if (NETWORK.has(code)) {
      return `Could not reach ${where}. Check the endpoint URL, that the network allows it (security groups, NAT, or a VPC interface endpoint for ${service}) and any proxy.`;
    }
    if (ACCESS_DENIED.has(code)) {
      return ctx.role && ctx.service === "sts"
        ? "The portal's identity may not assume this role. The role's trust policy must name the portal's role as principal (with the external id condition if AWS_ROLE_EXTERNAL_ID is set), and the portal's own policy must allow sts:AssumeRole on this role."
        : `These credentials are not allowed this ${service} call: add the permissions listed in the README to ${ctx.role ? "the target role's" : "the portal's"} policy.`;
    }
    if (EXPIRED.has(code))
      return "The credentials have expired. Renew the session (e.g. sign in to SSO again) or restart to pick up fresh role credentials, and check the server's clock.";
    if (BAD_CREDENTIALS.has(code)) {
      return "AWS does not recognise these credentials: check the access key and secret (or that the key is active), the server's clock, and that the region is enabled for the account.";
    }
    if (THROTTLED.has(code)) return `${service} is throttling this account's calls; run the check again in a minute.`;
    if (code === "ValidationError" && ctx.service === "sts")
      return "STS refused the request's parameters: check the role ARN, AWS_ROLE_SESSION_NAME, AWS_ROLE_DURATION_SECONDS (at most the role's maximum session) and AWS_ROLE_EXTERNAL_ID.";
    return `${service} answered with an unexpected error; the detail above is what it said.`;
  })();
  return { detail, code, hint };
}
