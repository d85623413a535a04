import "server-only";
import { CloudFormationClient } from "@aws-sdk/client-cloudformation";
import { getEnv } from "../env";

// The one CloudFormation client. The sandbox and AWS differ only in configuration: an
// endpoint (the sandbox) or none (AWS, with the standard credential chain).
let client: CloudFormationClient | undefined;

export function cloudFormation(): CloudFormationClient {
  if (client) return client;
  const env = getEnv();
  client = new CloudFormationClient({
    region: env.AWS_REGION,
    ...(env.CLOUDFORMATION_ENDPOINT ? { endpoint: env.CLOUDFORMATION_ENDPOINT } : {}),
    // The SDK's standard retry: exponential backoff with full jitter on throttling and 5xx.
    maxAttempts: env.CLOUDFORMATION_MAX_ATTEMPTS,
    retryMode: "standard",
    requestHandler: { requestTimeout: env.CLOUDFORMATION_TIMEOUT_MS, connectionTimeout: 3_000 },
  });
  return client;
}

/** Calls made by this process, by action: the tracker benchmark reads it. */
export const callCounts = new Map<string, number>();

export function countCall(action: string): void {
  callCounts.set(action, (callCounts.get(action) ?? 0) + 1);
}
