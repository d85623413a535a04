import { requestReapply } from "../../../changes/request-reapply";
import { reapplySchema } from "../../../changes/schemas";
import { clientRequestEndpoint } from "./define";

export const reapplyEndpoint = clientRequestEndpoint({
  operationId: "requestReapply",
  path: "reapply",
  summary: "Apply an earlier revision's exact template, parameters and tags again",
  body: reapplySchema.omit({ clientId: true }),
  run: (user, clientId, body) => requestReapply(user, { clientId, ...body }),
});
