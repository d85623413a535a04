import { requestRecovery } from "../../../changes/request-recovery";
import { recoverSchema } from "../../../changes/schemas";
import { clientRequestEndpoint } from "./define";

export const recoveryEndpoint = clientRequestEndpoint({
  operationId: "requestRecovery",
  path: "recovery",
  summary: "Continue a rollback stuck in UPDATE_ROLLBACK_FAILED, skipping the named resources",
  description: "`skip` lists logical resource ids, separated by commas or spaces, as the client page's form takes them.",
  body: recoverSchema.omit({ clientId: true }),
  run: (user, clientId, body) => requestRecovery(user, { clientId, ...body }),
});
