import { onboardClient } from "../../../changes/onboard-client";
import { onboardSchema } from "../../../changes/schemas";
import { defineEndpoint } from "../../endpoint";
import { requestSchema } from "../../schemas";
import { created } from "./define";

export const onboardEndpoint = defineEndpoint({
  operationId: "requestOnboard",
  method: "POST",
  path: "/requests/onboard",
  tag: "Change requests",
  summary: "Onboard a client: the client, its first revision and a CREATE request for review",
  description: "Guardrail errors and a size production does not allow come back as field errors (422), as in the wizard.",
  permission: "client:onboard",
  body: onboardSchema,
  response: { status: 201, description: "The new request, waiting for review.", schema: requestSchema },
  problems: [409, 422],
  handler: async ({ user, body }) => created(await onboardClient(user, body)),
});
