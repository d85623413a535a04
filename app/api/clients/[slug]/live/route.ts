import { getSessionUser } from "@/lib/auth/session";
import { authorize } from "@/lib/auth/policy";
import { watchSession } from "@/lib/auth/session-watch";
import { findClientId } from "@/lib/clients/queries";
import { getEnv } from "@/lib/env";
import { EVENT_STREAM_HEADERS, liveEventStream } from "@/lib/tracker/live-stream";
import { StreamSlots } from "@/lib/tracker/stream-slots";
import { route } from "@/lib/http/route";

export const dynamic = "force-dynamic";

const slots = new StreamSlots(() => getEnv().LIVE_STREAMS_PER_USER);

// Server-sent events for the client page (lib/tracker/live-stream.ts; /api/v1 serves the same stream).
// A stream ends when its viewer's sessions end; one person has at most LIVE_STREAMS_PER_USER open.
export const GET = route(async (request: Request, { params }: { params: Promise<{ slug: string }> }) => {
  const user = await getSessionUser();
  const decision = authorize(user, "client:read");
  if (!decision.allowed) return Response.json({ error: decision.reason }, { status: user ? 403 : 401 });
  const clientId = await findClientId((await params).slug);
  if (!clientId) return Response.json({ error: "No such client." }, { status: 404 });
  const after = Number(new URL(request.url).searchParams.get("after") ?? 0) || 0;
  const release = slots.take(user!.id);
  if (!release) {
    return Response.json(
      { error: "You have too many live views open. Close one and try again." },
      { status: 429, headers: { "Retry-After": "5" } },
    );
  }
  const stillAllowed = await watchSession(user!.id);
  return new Response(liveEventStream(clientId, after, request.signal, { stillAllowed, onClose: release }), {
    headers: EVENT_STREAM_HEADERS,
  });
});
