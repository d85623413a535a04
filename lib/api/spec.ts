import { ENDPOINTS } from "./endpoints";
import { buildOpenApiDocument } from "./openapi";

/** The document this build serves (its version follows the API's path, /api/v1). */
export const API_VERSION = "1.0.0";

let cached: Record<string, unknown> | undefined;
export function apiDocument(): Record<string, unknown> {
  cached ??= buildOpenApiDocument(ENDPOINTS, { version: API_VERSION });
  return cached;
}
