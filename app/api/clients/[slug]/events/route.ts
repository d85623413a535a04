import { z } from "zod";
import { getSessionUser } from "@/lib/auth/session";
import { authorize } from "@/lib/auth/policy";
import { findClientId } from "@/lib/clients/queries";
import { operationEvents } from "@/lib/tracker/queries";
import { route } from "@/lib/http/route";

export const dynamic = "force-dynamic";

const querySchema = z.object({
  operation: z
    .string({ error: "operation is required: the id of one of this client's operations." })
    .regex(/^[A-Za-z0-9_-]{1,64}$/, "operation must be an operation id (letters, digits, - and _, at most 64)."),
});

// GET /api/clients/<slug>/events?operation=<id>
// One finished operation's stack events, oldest first, for the client page's folded timeline
// (the page leaves them out of its first answer). JSON: { events } or { error, fieldErrors }.
export const GET = route(async (request: Request, { params }: { params: Promise<{ slug: string }> }) => {
  const user = await getSessionUser();
  const decision = authorize(user, "client:read");
  if (!decision.allowed) return Response.json({ error: decision.reason }, { status: user ? 403 : 401 });
  const parsed = querySchema.safeParse(Object.fromEntries(new URL(request.url).searchParams));
  if (!parsed.success)
    return Response.json({ error: "The request needs attention.", fieldErrors: z.flattenError(parsed.error).fieldErrors }, { status: 400 });
  const clientId = await findClientId((await params).slug);
  const events = clientId ? await operationEvents(clientId, parsed.data.operation) : null;
  if (!events) return Response.json({ error: "No such operation for this client." }, { status: 404 });
  return Response.json({ events }, { headers: { "Cache-Control": "private, no-store" } });
});
