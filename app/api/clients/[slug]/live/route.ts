import { getSessionUser } from "@/lib/auth/session";
import { authorize } from "@/lib/auth/policy";
import { findClientId } from "@/lib/clients/queries";
import { liveStatus } from "@/lib/tracker/queries";
import { route } from "@/lib/http/route";

export const dynamic = "force-dynamic";

// Server-sent events for the client page: progress and new stack events, read from the
// database once a second per viewer. CloudFormation is polled by the tracker alone.
export const GET = route(async (request: Request, { params }: { params: Promise<{ slug: string }> }) => {
  const user = await getSessionUser();
  const decision = authorize(user, "client:read");
  if (!decision.allowed) return Response.json({ error: decision.reason }, { status: user ? 403 : 401 });
  const clientId = await findClientId((await params).slug);
  if (!clientId) return Response.json({ error: "No such client." }, { status: 404 });

  const encoder = new TextEncoder();
  let lastSeq = Number(new URL(request.url).searchParams.get("after") ?? 0) || 0;
  const stream = new ReadableStream<Uint8Array>({
    async start(controller) {
      const send = (event: string, data: unknown) =>
        controller.enqueue(encoder.encode(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`));
      for (let tick = 0; tick < 900 && !request.signal.aborted; tick++) {
        const status = await liveStatus(clientId, { afterSeq: lastSeq });
        if (!status) break;
        if (status.events.length) lastSeq = status.events[status.events.length - 1].seq;
        send("status", status);
        if (!status.operation || status.operation.phase === "DONE") {
          send("done", {});
          break;
        }
        await new Promise((r) => setTimeout(r, 1000));
      }
      controller.close();
    },
  });
  return new Response(stream, {
    headers: { "Content-Type": "text/event-stream", "Cache-Control": "no-cache, no-transform", Connection: "keep-alive" },
  });
});
