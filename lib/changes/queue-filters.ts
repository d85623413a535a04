import { z } from "zod";
import { KINDS } from "./state-machine";

/** The review queue's filters, from the URL. Unknown values are dropped rather than failing the page. */
export const queueFiltersSchema = z.object({
  client: z.string().trim().max(100).optional().catch(undefined),
  kind: z.enum(KINDS).optional().catch(undefined),
  size: z
    .string()
    .trim()
    .regex(/^[a-z0-9-]{1,40}$/)
    .optional()
    .catch(undefined),
  after: z.string().max(200).optional().catch(undefined),
});
