import { requestUpdate } from "../../../changes/request-update";
import { updateBodySchema } from "../../../changes/schemas";
import { clientRequestEndpoint } from "./define";

export const updateEndpoint = clientRequestEndpoint({
  operationId: "requestUpdate",
  path: "update",
  summary: "Move a live client to the current blueprint version and/or change its settings",
  description:
    "Renders the client's blueprint at its current version with the given overrides (the settings the blueprint lets a requester set, " +
    "such as CertificateArn). Reviewed like a resize. A request that would change nothing is refused with 422 on `changes`.",
  body: updateBodySchema,
  run: (user, clientId, body) => requestUpdate(user, { clientId, overrides: body.overrides, reason: body.reason || undefined }),
});
