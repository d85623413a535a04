import { requestResize } from "../../../changes/request-resize";
import { resizeSchema } from "../../../changes/schemas";
import { clientRequestEndpoint } from "./define";

export const resizeEndpoint = clientRequestEndpoint({
  operationId: "requestResize",
  path: "resize",
  summary: "Resize a live client to another size",
  body: resizeSchema.omit({ clientId: true }),
  run: (user, clientId, body) => requestResize(user, { clientId, ...body }),
});
