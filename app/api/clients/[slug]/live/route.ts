import { getSessionUser } from "@/lib/auth/session";
import { authorize } from "@/lib/auth/policy";
import { findClientId } from "@/lib/clients/queries";
import { EVENT_STREAM_HEADERS, liveEventStream } from "@/lib/tracker/live-stream";
import { route } from "@/lib/http/route";

export const dynamic = "force-dynamic";

// Server-sent events for the client page (lib/tracker/live-stream.ts; /api/v1 serves the same stream).
export const GET = route(async (request: Request, { params }: { params: Promise<{ slug: string }> }) => {
  const user = await getSessionUser();
  const decision = authorize(user, "client:read");
  if (!decision.allowed) return Response.json({ error: decision.reason }, { status: user ? 403 : 401 });
  const clientId = await findClientId((await params).slug);
  if (!clientId) return Response.json({ error: "No such client." }, { status: 404 });
  const after = Number(new URL(request.url).searchParams.get("after") ?? 0) || 0;
  return new Response(liveEventStream(clientId, after, request.signal), { headers: EVENT_STREAM_HEADERS });
});
