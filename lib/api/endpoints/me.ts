import { defineEndpoint } from "../endpoint";
import { meSchema } from "../schemas";

export const getMe = defineEndpoint({
  operationId: "getMe",
  method: "GET",
  path: "/me",
  tag: "Identity",
  summary: "Who this token (or session) acts as",
  permission: "catalog:read",
  response: { status: 200, description: "The caller's identity and token.", schema: meSchema },
  handler: async ({ user }) => ({
    body: {
      id: user.id,
      email: user.email,
      name: user.name,
      role: user.role,
      serviceAccount: user.token?.serviceAccount ?? false,
      token: user.token ? { id: user.token.id, scopes: user.token.scopes ? [...user.token.scopes] : null } : null,
    },
  }),
});
