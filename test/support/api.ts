import { handleApiRequest } from "../../lib/api/router";
import { ENDPOINTS } from "../../lib/api/endpoints";
import { createRateLimiter } from "../../lib/api/rate-limit";
import { createStackportClient } from "../../lib/api/client";
import { createPersonalToken, createServiceAccount, createServiceToken } from "../../lib/api/tokens/store";
import type { Scope } from "../../lib/api/tokens/scopes";
import type { Role, SessionUser } from "../../lib/auth/roles";
import { makeUser } from "./fixtures";

// The API as the integration tests drive it: the real router and endpoints in this process, reached
// through the generated client (openapi-fetch) with a fetch that hands each Request to the router.
// Every JSON answer is checked against its documented schema (checkResponses).

export function apiRouter(options: { points?: number } = {}) {
  const rateLimiter = createRateLimiter({ points: options.points ?? 10_000, windowSeconds: 60 });
  return (request: Request) =>
    handleApiRequest(request, { endpoints: ENDPOINTS, rateLimiter, sessionUser: async () => null, checkResponses: true });
}

const defaultRouter = apiRouter();

export function apiAs(token: string | undefined, router = defaultRouter) {
  return createStackportClient({ baseUrl: "http://portal.test", token, fetch: (input) => router(input as Request) });
}

export async function personWithToken(role: Role, scopes: Scope[] = [], name?: string) {
  const user = await makeUser(role, name);
  const { token, id } = await createPersonalToken(user, { name: "test", expiresInDays: 30, scopes });
  return { user, token, tokenId: id, api: apiAs(token) };
}

export async function serviceAccountWithToken(admin: SessionUser, role: "ACCOUNT_MANAGER" | "AUDITOR" = "ACCOUNT_MANAGER") {
  const account = await createServiceAccount(admin, { name: `CRM ${Math.random().toString(36).slice(2, 7)}`, role, description: "" });
  const { token, id } = await createServiceToken(admin, account.id, { name: "crm", expiresInDays: 30, scopes: [] });
  return { account, token, tokenId: id, api: apiAs(token) };
}
