import createClient, { type Client } from "openapi-fetch";
import type { paths } from "./schema";

// The typed Stackport API client (openapi-fetch over the generated types). The CLI and the API's
// own integration tests use it, so a spec that drifts from the behaviour fails them.

export type { paths, components, operations } from "./schema";
export type StackportClient = Client<paths>;

export function createStackportClient(options: { baseUrl: string; token?: string; fetch?: typeof fetch }): StackportClient {
  return createClient<paths>({
    baseUrl: options.baseUrl.replace(/\/$/, ""),
    headers: options.token ? { Authorization: `Bearer ${options.token}` } : {},
    ...(options.fetch ? { fetch: options.fetch } : {}),
  });
}
