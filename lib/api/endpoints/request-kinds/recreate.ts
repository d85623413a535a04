import { requestRecreate } from "../../../changes/request-recovery";
import { recreateSchema } from "../../../changes/schemas";
import { clientRequestEndpoint } from "./define";

export const recreateEndpoint = clientRequestEndpoint({
  operationId: "requestRecreate",
  path: "recreate",
  summary: "Delete a launch that rolled back (ROLLBACK_COMPLETE) and create it again from the same revision",
  body: recreateSchema.omit({ clientId: true }),
  run: (user, clientId, body) => requestRecreate(user, { clientId, ...body }),
});
