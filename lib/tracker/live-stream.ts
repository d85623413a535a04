import "server-only";
import { liveStatus } from "./queries";

// The client page's live stream, as server-sent events: `status` with progress and the events
// after the last one sent, once a second, read from the database the tracker fills (any number
// of viewers cost no CloudFormation calls), then `done` when no operation is running. The page's
// route handler and the API's /clients/{slug}/live both serve this.

const TICKS = 900; // 15 minutes at one a second; a client reconnects with ?after= to go on

export function liveEventStream(clientId: string, afterSeq: number, signal: AbortSignal): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  let lastSeq = afterSeq;
  return new ReadableStream<Uint8Array>({
    async start(controller) {
      const send = (event: string, data: unknown) =>
        controller.enqueue(encoder.encode(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`));
      for (let tick = 0; tick < TICKS && !signal.aborted; tick++) {
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
}

export const EVENT_STREAM_HEADERS = {
  "Content-Type": "text/event-stream",
  "Cache-Control": "no-cache, no-transform",
  Connection: "keep-alive",
} as const;
