import { requestDecommission } from "../../../changes/request-decommission";
import { decommissionSchema } from "../../../changes/schemas";
import { clientRequestEndpoint } from "./define";

export const decommissionEndpoint = clientRequestEndpoint({
  operationId: "requestDecommission",
  path: "decommission",
  summary: "Delete a client's stack once approved (confirmSlug must be the client's slug)",
  body: decommissionSchema.omit({ clientId: true }),
  run: (user, clientId, body) => requestDecommission(user, { clientId, ...body }),
});
